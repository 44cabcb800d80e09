package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --runs auto:K} end to end with the test agent: a case whose arms agree runs once in each,
 * one whose arms differ runs K times in each; a run stopped by its money budget and resumed with a
 * larger one continues the allocation instead of starting it again; every format says why a case
 * ran as often as it did. And {@code --max-cost-per-run} reaches Claude Code's command line, and is
 * refused for an agent without such a cap.
 */
class AutoRunsRunTest {
  @TempDir Path dir;
  Path cases;
  Path state;

  @BeforeEach
  void writeSuite() throws IOException {
    cases = Files.createDirectories(dir.resolve("cases"));
    // "differs": the baseline's answer lacks "ok" (the agent below rewrites it), so with-mcp passes
    // and without-mcp fails; the "same-*" cases pass in both.
    TestSuites.writeCase(cases, "differs", "answer=ok-only-with-mcp", "ok");
    for (int i = 0; i < 3; i++) {
      TestSuites.writeCase(cases, "same-" + i, "answer=ok", "ok");
    }
    TestSuites.writeMcpConfig(cases);
    state = Files.createDirectories(dir.resolve("state"));
  }

  private int run(StringWriter out, StringWriter err, String... args) {
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  private List<String> runArgs(Path output, String... extra) throws IOException {
    List<String> args = Cli.runArgs(cases, agent(), dir, output, "--history", "none");
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void repeatsOnlyTheCaseWhoseArmsDifferAndAResumedRunContinuesTheAllocation() throws Exception {
    Path out = dir.resolve("out");
    StringWriter console = new StringWriter();
    StringWriter err = new StringWriter();
    // $0.01 a run at --parallel 1: round 1 is 8 runs ($0.08 spent); the first run of round 2
    // would bring the spent and expected money to $0.09 > $0.085, so round 2 does not start.
    int first =
        run(
            console,
            err,
            runArgs(out, "--runs", "auto:3", "--max-cost", "0.085").toArray(String[]::new));

    assertEquals(ExitCodes.RUNS_INCOMPLETE, first, err.toString());
    assertEquals(8, agentStarts(), "round 1: every case once in each arm");
    assertTrue(
        console.toString().contains("round 2: 2 more runs, of the cases whose results differed"),
        console.toString());
    assertEquals(
        Map.of(
            "differs/with-mcp", 1,
            "differs/without-mcp", 1,
            "same-0/with-mcp", 1,
            "same-0/without-mcp", 1,
            "same-1/with-mcp", 1,
            "same-1/without-mcp", 1,
            "same-2/with-mcp", 1,
            "same-2/without-mcp", 1),
        journaled(out));

    StringWriter again = new StringWriter();
    int resumed = run(again, err, "run", "--resume", out.toString(), "--max-cost", "1");

    assertEquals(ExitCodes.OK, resumed, err.toString());
    // Round 1 was kept whole: round 2 is the first this harness runs, and it is planned as such.
    assertTrue(again.toString().startsWith("2 runs, 1 at a time"), again.toString());
    assertEquals(12, agentStarts(), "rounds 2 and 3 of the differing case, nothing again");
    Map<String, Integer> runs = journaled(out);
    assertEquals(3, runs.get("differs/with-mcp"));
    assertEquals(3, runs.get("differs/without-mcp"));
    assertEquals(1, runs.get("same-0/with-mcp"));
    assertEquals(1, runs.get("same-2/without-mcp"));

    String md = Files.readString(out.resolve("report.md"));
    assertContains(
        md,
        "1 run per case and mode, up to 3 where results differed",
        "| runs per mode |",
        "3 runs: verdicts differed",
        "1 run: arms agreed",
        "the exact sign-flip test on each case's pass-rate difference");
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("3 runs: verdicts differed"), "report.html");
    assertTrue(html.contains("up to 3 where results differed (--runs auto:3)"), "report.html");
    String junit = Files.readString(out.resolve("junit.xml"));
    assertTrue(
        junit.contains("<property name=\"runs differs\" value=\"3 runs: verdicts differed\"/>"),
        junit);
    JsonNode report = JsonMapper.builder().build().readTree(out.resolve("report.json").toFile());
    assertTrue(report.get("config").get("autoRuns").asBoolean());
    assertEquals(3, report.get("config").get("runs").asInt());
    Map<String, String> allocation = new TreeMap<>();
    report
        .get("summary")
        .get("byCase")
        .forEach(c -> allocation.put(c.get("caseId").asString(), c.get("allocation").asString()));
    assertEquals(
        Map.of(
            "differs", "3 runs: verdicts differed",
            "same-0", "1 run: arms agreed",
            "same-1", "1 run: arms agreed",
            "same-2", "1 run: arms agreed"),
        allocation);
    assertEquals(
        "sign-flip-exact",
        report
            .get("statistics")
            .get("comparisons")
            .get(0)
            .get("mcnemar")
            .get("decision")
            .get("test")
            .asString());
    assertEquals(12, report.get("rawResults").size());
  }

  @Test
  void theCapOnOneRunReachesClaudeCodesCommandLine() throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(
            out,
            err,
            runArgs(dir.resolve("out"), "--max-cost-per-run", "0.5", "--dry-run")
                .toArray(String[]::new));

    assertEquals(ExitCodes.OK, code, err.toString());
    assertTrue(out.toString().contains(" --max-budget-usd 0.5"), out.toString());
    // Positive control for the absence below: without the option the flag is not there.
    StringWriter without = new StringWriter();
    run(without, err, runArgs(dir.resolve("out"), "--dry-run").toArray(String[]::new));
    assertTrue(without.toString().contains("--strict-mcp-config"), without.toString());
    assertFalse(without.toString().contains("--max-budget-usd"), without.toString());
  }

  @Test
  void theCapOnOneRunIsRefusedForAnAgentWithoutOne() throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(
            out,
            err,
            runArgs(
                    dir.resolve("out"),
                    "--agent",
                    "codex",
                    "--max-cost-per-run",
                    "0.5",
                    "--dry-run")
                .toArray(String[]::new));

    assertEquals(ExitCodes.BAD_INPUT, code, out.toString());
    assertTrue(
        err.toString()
            .contains(
                "--max-cost-per-run: arm with-mcp runs Codex CLI, which has no cap on what one run"
                    + " may spend"),
        err.toString());
  }

  /**
   * The test agent, counting its starts in {@code state}; for the baseline (no MCP server) it
   * rewrites {@code ok-only-with-mcp} in the prompt, so that answer no longer holds "ok".
   */
  private Path agent() throws IOException {
    return TestSuites.agent(
        dir.resolve("agent.sh"),
        "export FAKE_CLAUDE_STATE='"
            + state
            + "'\n"
            + "for a in \"$@\"; do\n"
            + "  if [[ \"$a\" == '{\"mcpServers\":{}}' ]]; then\n"
            + "    sed 's/answer=ok-only-with-mcp/answer=no/' | exec \"$fake\" \"$@\"\n"
            + "    exit $?\n"
            + "  fi\n"
            + "done\n"
            + "exec \"$fake\" \"$@\"");
  }

  private long agentStarts() throws IOException {
    Path args = state.resolve("args");
    if (!Files.isDirectory(args)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(args)) {
      long n = 0;
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!Files.readString(f).contains("--version")) {
          n++;
        }
      }
      return n;
    }
  }

  /** Runs per case and arm in the journal. */
  private static Map<String, Integer> journaled(Path out) throws IOException {
    Map<String, Integer> runs = new TreeMap<>();
    for (String line : Files.readAllLines(out.resolve("results.jsonl"))) {
      JsonNode r = JsonMapper.builder().build().readTree(line);
      runs.merge(r.get("caseId").asString() + "/" + r.get("mode").asString(), 1, Integer::sum);
    }
    return runs;
  }
}
