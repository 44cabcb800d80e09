package org.reposearcheval.evals.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.Adoption;
import org.reposearcheval.evals.score.JudgeSummary;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.score.Summaries;
import org.reposearcheval.evals.score.Summary;

/**
 * The log of one evaluation: its settings, every run in index order, the summaries per arm and per
 * case, the paired statistics of each arm against the baseline, how long it took, and whether the
 * arms offered MCP used it. Written as {@code report.json}; {@code report.md} says the same for
 * people.
 *
 * @param caseFingerprints each case's fingerprint by id (the SHA-256 of its case file, as {@code
 *     run.json} records it), for the cases this report holds runs of, so {@code compare} can tell a
 *     case edited between two runs; null in a report written before they were recorded
 */
public record Report(
    int schemaVersion,
    String startedAt,
    String finishedAt,
    ReportConfig config,
    Map<String, String> caseFingerprints,
    List<RunResult> rawResults,
    Summary summary,
    Statistics statistics,
    Timing timing,
    Adoption adoption,
    @JsonInclude(JsonInclude.Include.NON_NULL) JudgeSummary judge) {

  public static final int SCHEMA_VERSION = 1;

  /**
   * A report read without {@code adoption} (written before it existed) gets it from its runs; so
   * does one without {@code judge} whose runs were judged.
   */
  public Report {
    if (adoption == null && rawResults != null && config != null && config.arms() != null) {
      adoption = Adoption.of(rawResults, config.armsWithMcp(), config.mcpManifest());
    }
    if (judge == null && rawResults != null && config != null && config.arms() != null) {
      judge = judgeSummary(rawResults, config, summary, statistics);
    }
    if (caseFingerprints != null) {
      caseFingerprints = Collections.unmodifiableMap(new LinkedHashMap<>(caseFingerprints));
    }
  }

  /** A report whose judge summary, if its runs were judged, is computed from them. */
  public Report(
      int schemaVersion,
      String startedAt,
      String finishedAt,
      ReportConfig config,
      Map<String, String> caseFingerprints,
      List<RunResult> rawResults,
      Summary summary,
      Statistics statistics,
      Timing timing,
      Adoption adoption) {
    this(
        schemaVersion,
        startedAt,
        finishedAt,
        config,
        caseFingerprints,
        rawResults,
        summary,
        statistics,
        timing,
        adoption,
        null);
  }

  /** The judge summary of {@code results}, their pass rates held against the baseline's. */
  private static JudgeSummary judgeSummary(
      List<RunResult> results, ReportConfig config, Summary summary, Statistics statistics) {
    List<String> arms = config.arms().stream().map(ArmConfig::name).toList();
    String baseline =
        statistics != null && statistics.baseline() != null
            ? statistics.baseline()
            : Statistics.baselineOf(arms);
    return JudgeSummary.of(results, arms, summary, baseline);
  }

  /** A report without case fingerprints, as one written before they were recorded. */
  public Report(
      int schemaVersion,
      String startedAt,
      String finishedAt,
      ReportConfig config,
      List<RunResult> rawResults,
      Summary summary,
      Statistics statistics,
      Timing timing,
      Adoption adoption) {
    this(
        schemaVersion,
        startedAt,
        finishedAt,
        config,
        null,
        rawResults,
        summary,
        statistics,
        timing,
        adoption);
  }

  /**
   * This report with {@code results} as its runs and everything else kept: its summaries,
   * statistics and adoption are then stale until {@link #recomputed()}.
   */
  public Report withRawResults(List<RunResult> results) {
    return new Report(
        schemaVersion,
        startedAt,
        finishedAt,
        config,
        caseFingerprints,
        results,
        summary,
        statistics,
        timing,
        adoption,
        null);
  }

  /** This report with {@code fingerprints} as its case fingerprints. */
  public Report withCaseFingerprints(Map<String, String> fingerprints) {
    return new Report(
        schemaVersion,
        startedAt,
        finishedAt,
        config,
        fingerprints,
        rawResults,
        summary,
        statistics,
        timing,
        adoption);
  }

  /**
   * This report with its summaries, statistics and MCP adoption computed afresh from {@code
   * rawResults}, arms in the configured order, against the recorded baseline (or the default one).
   */
  public Report recomputed() {
    List<String> arms = config.arms().stream().map(ArmConfig::name).toList();
    String baseline =
        statistics != null && statistics.baseline() != null && arms.contains(statistics.baseline())
            ? statistics.baseline()
            : Statistics.baselineOf(arms);
    return new Report(
        schemaVersion,
        startedAt,
        finishedAt,
        config,
        caseFingerprints,
        rawResults,
        Summaries.of(rawResults, arms, config.autoRuns() ? config.runs() : 0),
        Statistics.of(rawResults, arms, baseline, config.autoRuns()),
        timing,
        Adoption.of(rawResults, config.armsWithMcp(), config.mcpManifest()),
        null);
  }
}
