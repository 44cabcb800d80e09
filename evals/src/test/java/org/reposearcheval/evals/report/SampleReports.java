package org.reposearcheval.evals.report;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Summary;
import org.reposearcheval.evals.score.TestResults;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.ServerManifest;

/** Reports as an evaluation would assemble them, for the report-format tests. */
public final class SampleReports {
  static final List<String> CASES =
      List.of(
          "agent-stream-read-caller",
          "allowed-tools",
          "config-dir-env",
          "ctrl-c-interrupt",
          "default-timeout",
          "enforcer-java-version",
          "exit-code-incomplete",
          "invalid-verdict",
          "pass-rate-formula",
          "process-tree-kill",
          "run-marker-env",
          "transcript-path");

  private SampleReports() {}

  /**
   * Twelve cases in both default arms. With MCP passes all but two; without MCP fails five of the
   * ones with MCP passes and passes one it fails; one with-MCP run timed out and one baseline run
   * errored; with MCP is faster and a little dearer.
   */
  static Report twoArms() {
    TestResults results = new TestResults();
    for (int i = 0; i < CASES.size(); i++) {
      String id = CASES.get(i);
      RunStatus with =
          i == 3 ? RunStatus.TIMEOUT : i == 9 || i == 11 ? RunStatus.FAILED : RunStatus.PASSED;
      RunStatus without =
          i == 7
              ? RunStatus.ERROR
              : i == 1 || i == 2 || i == 4 || i == 5 || i == 8 || i == 11
                  ? RunStatus.FAILED
                  : RunStatus.PASSED;
      results.add(
          id,
          Arm.WITH_MCP,
          1,
          with,
          30_000 + 2_500L * i,
          0.04 + 0.002 * i,
          2_000 + 90L * i,
          8 + i % 4);
      results.add(
          id,
          Arm.WITHOUT_MCP,
          1,
          without,
          41_000 + 3_100L * i,
          0.035 + 0.002 * i,
          2_600 + 75L * i,
          11 + i % 5);
    }
    return report(results.list(), List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1);
  }

  public static Report report(List<RunResult> results, List<String> modes, int runs) {
    ReportConfig config =
        new ReportConfig(
            4,
            runs,
            modes.stream()
                .map(
                    m ->
                        m.equals(Arm.WITHOUT_MCP)
                            ? new ArmConfig(m, null, List.of(), null)
                            : new ArmConfig(m, "/suite/cases/mcp.json", List.of("repo"), null))
                .toList(),
            List.of(),
            "1/1",
            "10m",
            "claude-sonnet-4-5",
            null,
            "claude",
            "2.1.328",
            "/suite/cases",
            "/suite",
            List.of("cases", "eval-results"),
            null,
            Map.of(),
            null,
            null,
            false);
    return new Report(
            Report.SCHEMA_VERSION,
            "2026-11-23T03:17:00Z",
            "2026-11-23T03:29:41Z",
            config,
            results,
            new Summary(Map.of(), List.of()),
            null,
            new Timing(761_000, 2_900_000, 3.81, 4),
            null)
        .recomputed();
  }

  /**
   * {@code report} as if each arm had run the agent {@code agents} names for it, the agents'
   * versions as given.
   */
  public static Report withAgents(
      Report report, Map<String, String> agents, Map<String, String> versions) {
    return withConfig(
        report,
        a ->
            new ArmConfig(a.name(), a.mcpConfig(), a.mcpServers(), a.model(), agents.get(a.name())),
        versions);
  }

  /** {@code report} with each arm's config as {@code change} makes it. */
  public static Report withArms(Report report, UnaryOperator<ArmConfig> change) {
    return withConfig(report, change, report.config().agentVersions());
  }

  /** {@code report} whose with-MCP runs were offered {@code tools}; baseline runs none. */
  public static Report offering(Report report, String... tools) {
    return withResults(
        report,
        report.rawResults().stream()
            .map(
                r ->
                    r.with(
                        new RunResult.Trace(
                            r.transcript(),
                            new McpUse(
                                r.arm().equals(Arm.WITH_MCP) ? List.of(tools) : List.of(), null))))
            .toList());
  }

  /** {@code report} with {@code results} as its runs, everything else kept. */
  public static Report withResults(Report report, List<RunResult> results) {
    return report.withRawResults(results).recomputed();
  }

  private static Report withConfig(
      Report report, UnaryOperator<ArmConfig> arms, Map<String, String> versions) {
    ReportConfig c = report.config();
    ReportConfig config =
        new ReportConfig(
            c.parallel(),
            c.runs(),
            c.arms().stream().map(arms).toList(),
            c.tags(),
            c.shard(),
            c.timeout(),
            c.model(),
            c.maxTurns(),
            c.claude(),
            versions.get("claude"),
            c.casesDir(),
            c.repo(),
            c.hiddenFromAgent(),
            versions,
            c.cases(),
            c.maxCostUsd(),
            c.maxCostPerRunUsd(),
            c.autoRuns());
    return new Report(
            report.schemaVersion(),
            report.startedAt(),
            report.finishedAt(),
            config,
            report.caseFingerprints(),
            report.rawResults(),
            report.summary(),
            report.statistics(),
            report.timing(),
            null)
        .recomputed();
  }

  /**
   * The stdio server "repo" as secure-filesystem-server 0.2.0 answered in 412 ms, with {@code
   * tools}.
   */
  static ServerManifest repoServer(ServerManifest.Tool... tools) {
    return new ServerManifest(
        "repo", "stdio", "secure-filesystem-server", "0.2.0", 412, List.of(tools));
  }
}
