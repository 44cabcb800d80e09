package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The second run of a suite starts its longest case first, by the first run's durations; the report
 * keeps the cases' order. {@code --history none} keeps the cases' order for starting too.
 */
class StartOrderRunTest {
  @TempDir Path dir;
  Path cases;

  @BeforeEach
  void writeSuite() throws IOException {
    cases = Files.createDirectories(dir.resolve("cases"));
    TestSuites.writeCase(cases, "a-quick", "answer=ok", "ok");
    TestSuites.writeCase(cases, "b-slow", "sleep=0.6 answer=ok", "ok");
    TestSuites.writeCase(cases, "c-quick", "answer=ok", "ok");
  }

  /** The cases in the order their runs started, from --verbose's "started" lines. */
  private List<String> run(String output, String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "run",
                "--cases",
                cases.toString(),
                "--mode",
                "without-mcp",
                "--claude",
                MainTest.FAKE_CLAUDE.toString(),
                "--repo",
                dir.toString(),
                "--output",
                dir.resolve("runs").resolve(output).toString(),
                "--verbose"));
    args.addAll(List.of(extra));
    int code =
        Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args.toArray(String[]::new));
    assertEquals(ExitCodes.OK, code, err.toString());
    return out.toString()
        .lines()
        .filter(l -> l.startsWith("started "))
        .map(l -> l.split(" ")[1])
        .toList();
  }

  private List<String> reportOrder(String output) throws IOException {
    JsonNode raw =
        JsonMapper.builder()
            .build()
            .readTree(dir.resolve("runs").resolve(output).resolve("report.json").toFile())
            .get("rawResults");
    List<String> ids = new java.util.ArrayList<>();
    raw.forEach(r -> ids.add(r.get("caseId").asString()));
    return ids;
  }

  @Test
  void theLongestCaseOfTheLastRunStartsFirstAndTheReportKeepsTheCasesOrder() throws Exception {
    assertEquals(List.of("a-quick", "b-slow", "c-quick"), run("first"));

    List<String> second = run("second");
    List<String> unordered = run("third", "--history", "none");

    assertEquals("b-slow", second.getFirst(), "longest first: " + second);
    assertEquals(List.of("a-quick", "b-slow", "c-quick"), unordered);
    assertEquals(List.of("a-quick", "b-slow", "c-quick"), reportOrder("second"));
    String runJson = Files.readString(dir.resolve("runs/second/run.json"));
    assertTrue(runJson.contains("\"history\" : \"latest\""), runJson);
  }

  @Test
  void aHistoryThatIsNoRunDirectoryIsAUsageErrorNamingIt() {
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
            .execute(
                "run",
                "--cases",
                cases.toString(),
                "--claude",
                MainTest.FAKE_CLAUDE.toString(),
                "--history",
                dir.resolve("nowhere").toString());
    assertEquals(ExitCodes.BAD_INPUT, code);
    assertTrue(err.toString().contains("--history: " + dir.resolve("nowhere")), err.toString());
  }
}
