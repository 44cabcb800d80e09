package org.reposearcheval.evals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.reposearcheval.evals.report.ArmConfig;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportConfig;
import org.reposearcheval.evals.report.Timing;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.Adoption;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.score.Summaries;
import org.reposearcheval.evals.suite.CaseTree;
import org.reposearcheval.evals.util.Durations;

/** The report of a run directory, whether it ran as one or was merged from shards. */
final class RunReport {
  private RunReport() {}

  /**
   * report.json's view of the settings: the arms as they ran, the agent's version and what was
   * hidden from it beside the settings, paths absolute.
   */
  static ReportConfig config(
      EvalSettings settings,
      List<ArmConfig> arms,
      Map<String, String> agentVersions,
      List<String> hiddenFromAgent,
      Map<String, CaseTree> caseTrees) {
    return new ReportConfig(
        Math.max(1, settings.schedule().parallel()),
        settings.schedule().runs(),
        arms,
        settings.suite().tags(),
        settings.suite().shard().toString(),
        Durations.canonical(settings.perRun().timeout()),
        settings.perRun().model().orElse(null),
        settings.perRun().maxTurns().orElse(null),
        settings.agent().claude(),
        agentVersions.get("claude"),
        settings.suite().casesDir().toAbsolutePath().normalize().toString(),
        settings.agent().repo().toAbsolutePath().normalize().toString(),
        hiddenFromAgent,
        agentVersions,
        caseTrees,
        settings.policy().maxCostUsd().orElse(null),
        settings.perRun().maxCostPerRunUsd().orElse(null),
        settings.schedule().autoRuns());
  }

  /**
   * The report of {@code results}: summaries and statistics per arm in the configured order, and
   * the fingerprints (from {@code caseFingerprints}, run.json's) of the cases it holds runs of.
   */
  static Report of(
      ReportConfig config,
      Map<String, String> caseFingerprints,
      Instant startedAt,
      Instant finishedAt,
      long wallMs,
      List<RunResult> results) {
    return of(config, caseFingerprints, startedAt, finishedAt, wallMs, results, List.of());
  }

  /** The same, with the MCP servers' prepare steps timed apart from the runs. */
  static Report of(
      ReportConfig config,
      Map<String, String> caseFingerprints,
      Instant startedAt,
      Instant finishedAt,
      long wallMs,
      List<RunResult> results,
      List<Preparation> preparations) {
    Set<String> ran = results.stream().map(RunResult::caseId).collect(Collectors.toSet());
    Map<String, String> fingerprints = new LinkedHashMap<>();
    caseFingerprints.forEach(
        (id, fingerprint) -> {
          if (ran.contains(id)) {
            fingerprints.put(id, fingerprint);
          }
        });
    long sumRunMs = results.stream().mapToLong(RunResult::durationMs).sum();
    List<String> arms = config.arms().stream().map(ArmConfig::name).toList();
    return new Report(
        Report.SCHEMA_VERSION,
        startedAt.truncatedTo(ChronoUnit.MILLIS).toString(),
        finishedAt.truncatedTo(ChronoUnit.MILLIS).toString(),
        config,
        fingerprints,
        results,
        Summaries.of(results, arms, config.autoRuns() ? config.runs() : 0),
        Statistics.of(results, arms, Statistics.baselineOf(arms), config.autoRuns()),
        new Timing(
            wallMs,
            sumRunMs,
            wallMs == 0 ? 0 : Math.round(100.0 * sumRunMs / wallMs) / 100.0,
            config.parallel(),
            preparations),
        Adoption.of(results, config.armsWithMcp(), config.mcpManifest()));
  }
}
