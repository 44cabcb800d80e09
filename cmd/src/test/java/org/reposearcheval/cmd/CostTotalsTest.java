package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A total cost that leaves runs out says so, and totals over different runs are compared over the
 * runs every mode reported a cost for: the same words on the console, in report.md and report.html,
 * and the same numbers in report.json. End to end, with the test agent.
 */
class CostTotalsTest {
  @TempDir Path dir;

  @Test
  void aTotalThatLeavesRunsOutSaysSoAndTheModesAreComparedOverTheSameRuns() throws IOException {
    Path cases = Files.createDirectories(dir.resolve("cases"));
    TestSuites.writeMcpConfig(cases);
    TestSuites.writeCase(cases, "alpha", "answer=It is in RunAll.java", "RunAll.java");
    TestSuites.writeCase(cases, "beta", "answer=see Evaluation.java", "Evaluation.java");
    // With its MCP server (a config file, not the baseline's empty one) the agent hangs on beta:
    // that run times out and reports no cost. Each answer costs $0.01.
    Path agent =
        TestSuites.agent(
            dir.resolve("agent-hangs-on-beta-with-mcp"),
            "if [[ \" $* \" == *'{\"mcpServers\":{}}'* || ${1:-} == --version ]]; then\n"
                + "  exec \"$fake\" \"$@\"\n"
                + "fi\n"
                + "sed -e '/Evaluation/s/^/hang /' | exec \"$fake\" \"$@\"");
    Cli cli = new Cli();
    Path output = dir.resolve("out");

    int code = cli.run(Cli.runArgs(cases, agent, dir, output, "--timeout", "2s", "--retries", "0"));

    assertEquals(ExitCodes.RUNS_INCOMPLETE, code, cli.err());
    String common =
        "Total costs cover different runs; over the run (a case and a repetition) that reported a"
            + " cost in every mode: with-mcp $0.01, without-mcp $0.01.";
    String console = cli.out();
    assertTrue(console.contains("cost $0.01 over 1 of 2 runs; 1 reported no cost, MCP"), console);
    assertTrue(console.matches("(?s).*cost \\$0\\.02, +MCP.*"), console);
    assertTrue(console.contains("\n" + common + "\n"), console);
    String md = Files.readString(output.resolve("report.md"));
    assertContains(
        md,
        "| total cost | $0.01 over 1 of 2 runs; 1 reported no cost | $0.02 |",
        "\n" + common + "\n");
    String html = Files.readString(output.resolve("report.html"));
    assertContains(
        html,
        "total $0.01 over 1 of 2 runs; 1 reported no cost ·",
        "<p class=\"note\">" + common + "</p>");
    JsonNode summary =
        JsonMapper.builder()
            .build()
            .readTree(output.resolve("report.json").toFile())
            .get("summary");
    assertEquals(1, summary.get("byMode").get("with-mcp").get("runsWithCost").asInt());
    assertEquals(2, summary.get("byMode").get("without-mcp").get("runsWithCost").asInt());
    assertEquals(1, summary.get("commonCost").get("runs").asInt());
    assertEquals(0.01, summary.get("commonCost").get("byMode").get("without-mcp").asDouble(), 1e-9);
  }
}
