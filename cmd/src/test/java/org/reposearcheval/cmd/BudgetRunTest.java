package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run stopped by its money budget, then resumed with a larger one, ends with every case run
 * exactly once per arm, and every format says what was spent and what did not start.
 */
class BudgetRunTest {
  @TempDir Path dir;

  private int run(StringWriter out, StringWriter err, String... args) {
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void aRunStoppedByItsBudgetAndResumedWithALargerOneRunsEveryCaseOncePerArm() throws Exception {
    Path cases = Files.createDirectories(dir.resolve("cases"));
    for (int i = 0; i < 6; i++) {
      TestSuites.writeCase(cases, "case-" + i, "answer=ok", "ok");
    }
    TestSuites.writeMcpConfig(cases);
    Path state = Files.createDirectories(dir.resolve("state"));
    Path out = dir.resolve("out");
    // The test agent reports $0.01 a run. At --parallel 1: the first run is expected to cost 0
    // (nothing known yet), each later one the running mean, $0.01; after 5 runs $0.05 is spent,
    // and 0.05 + 0.01 > 0.055: the 6th and every later run do not start.
    StringWriter console = new StringWriter();
    StringWriter err = new StringWriter();
    int first =
        run(
            console,
            err,
            Cli.runArgs(cases, agent(state), dir, out, "--history", "none", "--max-cost", "0.055")
                .toArray(String[]::new));

    assertEquals(ExitCodes.RUNS_INCOMPLETE, first, err.toString());
    assertEquals(5, agentStarts(state));
    String md = Files.readString(out.resolve("report.md"));
    assertTrue(
        md.contains(
            "Budget (--max-cost): $0.05 spent of $0.055; 7 runs not started for the budget:"),
        md);
    assertTrue(console.toString().contains("Budget (--max-cost): $0.05 spent of $0.055"));
    assertTrue(Files.readString(out.resolve("report.html")).contains("spent of $0.055"));
    assertTrue(Files.readString(out.resolve("junit.xml")).contains("not started: budget"));

    StringWriter again = new StringWriter();
    int resumed = run(again, err, "run", "--resume", out.toString(), "--max-cost", "1");

    assertEquals(ExitCodes.OK, resumed, err.toString());
    assertEquals(12, agentStarts(state), "the 7 not started, and none of the 5 again");
    Map<String, Integer> runsPerCaseAndArm = new HashMap<>();
    for (String line : Files.readAllLines(out.resolve("results.jsonl"))) {
      JsonNode r = JsonMapper.builder().build().readTree(line);
      runsPerCaseAndArm.merge(
          r.get("caseId").asString() + "/" + r.get("mode").asString(), 1, Integer::sum);
    }
    assertEquals(12, runsPerCaseAndArm.size());
    assertTrue(
        runsPerCaseAndArm.values().stream().allMatch(n -> n == 1), runsPerCaseAndArm.toString());
    assertTrue(
        Files.readString(out.resolve("report.md"))
            .contains("Budget (--max-cost): $0.12 spent of $1.00; every run started."));
  }

  /** The test agent, with its state directory set, so each start is counted. */
  private Path agent(Path state) throws IOException {
    Path wrapper = dir.resolve("agent.sh");
    Files.writeString(
        wrapper,
        "#!/usr/bin/env bash\nexport FAKE_CLAUDE_STATE='"
            + state
            + "'\nexec '"
            + MainTest.FAKE_CLAUDE
            + "' \"$@\"\n");
    wrapper.toFile().setExecutable(true);
    return wrapper;
  }

  private static long agentStarts(Path state) throws IOException {
    Path args = state.resolve("args");
    if (!Files.isDirectory(args)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(args)) {
      List<String> answering = new ArrayList<>();
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!Files.readString(f).contains("--version")) {
          answering.add(f.toString());
        }
      }
      return answering.size();
    }
  }
}
