package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.TestResults;

/**
 * Arms run by different agents: every format names each arm's agent and each agent's version, and a
 * cost computed from tokens and list prices (an agent that reports none) is marked estimated
 * wherever it is shown — the summary, the findings, the efficiency table, report.json.
 */
class AgentsInReportsTest {
  private static final String CODEX_WITH = "codex-with-mcp";
  private static final String CODEX_WITHOUT = "codex-without-mcp";

  @TempDir Path dir;

  /** Six cases; Codex reports no cost, so each of its runs' costs is an estimate. */
  private static Report codexOnly() {
    TestResults results = new TestResults();
    for (int i = 0; i < 6; i++) {
      String id = "case-" + i;
      results.add(id, CODEX_WITHOUT, 1, RunStatus.FAILED, 2000, 0.02 + 0.002 * i, 600, 6);
      results.add(id, CODEX_WITH, 1, RunStatus.PASSED, 1000, 0.01 + 0.002 * i, 500, 4);
    }
    List<RunResult> estimated =
        results.list().stream().map(r -> r.with(estimated(r.measures()))).toList();
    Map<String, String> agents = new LinkedHashMap<>();
    agents.put(CODEX_WITHOUT, "codex");
    agents.put(CODEX_WITH, "codex");
    return SampleReports.withAgents(
        SampleReports.report(estimated, List.of(CODEX_WITHOUT, CODEX_WITH), 1),
        agents,
        Map.of("codex", "0.169.0"));
  }

  private static RunResult.Measures estimated(RunResult.Measures m) {
    return new RunResult.Measures(
        m.numTurns(), m.costUsd(), m.usage(), m.toolCalls(), m.mcpServers(), true);
  }

  @Test
  void anEstimatedCostIsMarkedInEveryFormat() throws Exception {
    Report report = codexOnly();
    PairedStatistics s = report.statistics().comparisons().getFirst();

    assertTrue(s.costEstimated());
    assertEquals(6, report.summary().byArm().get(CODEX_WITH).costEstimatedRuns());
    String md = MarkdownReport.render(report);
    // Summary, baseline first: 0.020 + 0.022 + … + 0.030 = 0.15 and 0.010 + … + 0.020 = 0.09.
    assertTrue(md.contains("| total cost | $0.15 (estimated) | $0.09 (estimated) |"), md);
    // Medians of six: (0.014 + 0.016) / 2 = 0.015 and (0.024 + 0.026) / 2 = 0.025.
    assertContains(
        md,
        "- Cost (estimated): median $0.015 with codex-with-mcp against $0.025",
        "| cost (estimated) |",
        "Cost per extra correct answer (estimated):",
        "Codex CLI 0.169.0 · model");
    assertLacks(md, "Claude Code");

    ReportWriter.write(report, dir);
    String html = Files.readString(dir.resolve(ReportWriter.HTML));
    assertTrue(html.contains("(estimated)"), "the summary's cost cell");
    assertTrue(html.contains("Cost per run (estimated for some runs)"));
    assertTrue(html.contains("Codex CLI 0.169.0"));
    String json = Files.readString(dir.resolve(ReportWriter.JSON));
    assertTrue(json.contains("\"costEstimated\" : true"), "per run and per comparison");
    assertTrue(json.contains("\"costEstimatedRuns\" : 6"));
    assertTrue(json.contains("\"agent\" : \"codex\""));
    assertEquals(report, ReportFiles.read(dir.resolve(ReportWriter.JSON)));
  }

  @Test
  void aCostNoRunReportedIsUnknownNeverZero() {
    TestResults results = new TestResults();
    for (int i = 0; i < 3; i++) {
      results.add("c" + i, CODEX_WITHOUT, 1, RunStatus.PASSED, 1000, 0.01, 500, 4);
      results.add("c" + i, CODEX_WITH, 1, RunStatus.PASSED, 1000, 0.01, 500, 4);
    }
    // An unknown model: nothing to price, so no cost at all for the arm with MCP.
    List<RunResult> unpriced =
        results.list().stream()
            .map(
                r ->
                    r.arm().equals(CODEX_WITH)
                        ? r.with(
                            new RunResult.Measures(
                                r.numTurns(), null, r.usage(), r.toolCalls(), r.mcpServers()))
                        : r)
            .toList();
    Report report = SampleReports.report(unpriced, List.of(CODEX_WITHOUT, CODEX_WITH), 1);

    assertTrue(report.summary().byArm().get(CODEX_WITH).costUnknown());
    assertEquals("unknown", report.summary().byArm().get(CODEX_WITH).totalCost());
    assertEquals("$0.03", report.summary().byArm().get(CODEX_WITHOUT).totalCost());
    String md = MarkdownReport.render(report);
    assertTrue(md.contains("| total cost | $0.03 | unknown |"), md);
  }

  @Test
  void compareMarksAnEstimatedCost() throws Exception {
    Path base = Files.createDirectories(dir.resolve("base"));
    Path head = Files.createDirectories(dir.resolve("head"));
    ReportWriter.write(codexOnly(), base);
    ReportWriter.write(codexOnly(), head);

    String md =
        ComparisonMarkdown.render(
            Comparisons.load(base, head, new Comparison.Thresholds(0.05, 0.2)));

    // The same six cases in both: 0.010 + 0.012 + … + 0.020 = $0.090 on each side.
    assertTrue(md.contains("$0.09 → $0.09 (±0%) (estimated)"), md);
  }

  @Test
  void aReportedCostIsNotMarkedAndMixedAgentsAreNamedPerArm() {
    TestResults results = new TestResults();
    for (int i = 0; i < 3; i++) {
      results.add("c" + i, "claude-with-mcp", 1, RunStatus.PASSED, 1000, 0.01, 500, 4);
      results.add("c" + i, CODEX_WITH, 1, RunStatus.PASSED, 1000, 0.01, 500, 4);
    }
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("claude", "2.1.328");
    versions.put("codex", "0.169.0");
    Report report =
        SampleReports.withAgents(
            SampleReports.report(results.list(), List.of("claude-with-mcp", CODEX_WITH), 1),
            Map.of("claude-with-mcp", "claude", CODEX_WITH, "codex"),
            versions);

    String md = MarkdownReport.render(report);
    assertContains(
        md,
        "Claude Code 2.1.328 · Codex CLI 0.169.0 · model",
        "· claude-with-mcp: Claude Code",
        "· codex-with-mcp: Codex CLI");
    assertLacks(md, "estimated)");
  }
}
