package org.reposearcheval.evals;

import java.util.List;
import java.util.Map;

/**
 * The log of one evaluation: its settings, every run in index order, the summaries per mode and per
 * case, the paired statistics of each arm against the baseline, how long it took, and whether the
 * arms offered MCP used it. Written as {@code report.json}; {@code report.md} says the same for
 * people.
 */
public record Report(
    int schemaVersion,
    String startedAt,
    String finishedAt,
    Config config,
    List<RunResult> rawResults,
    Summary summary,
    Statistics statistics,
    Timing timing,
    Adoption adoption) {

  public static final int SCHEMA_VERSION = 1;

  /** A report read without {@code adoption} (written before it existed) gets it from its runs. */
  public Report {
    if (adoption == null && rawResults != null && config != null && config.arms() != null) {
      adoption = Adoption.of(rawResults, config.arms());
    }
  }

  /** A report whose MCP adoption is computed from {@code rawResults}. */
  public Report(
      int schemaVersion,
      String startedAt,
      String finishedAt,
      Config config,
      List<RunResult> rawResults,
      Summary summary,
      Statistics statistics,
      Timing timing) {
    this(
        schemaVersion,
        startedAt,
        finishedAt,
        config,
        rawResults,
        summary,
        statistics,
        timing,
        null);
  }

  /**
   * This report with its summaries and statistics computed afresh from {@code rawResults}, arms in
   * the configured order, against the recorded baseline (or the default one).
   */
  public Report recomputed() {
    List<String> modes = config.arms().stream().map(ArmConfig::name).toList();
    String baseline =
        statistics != null && statistics.baseline() != null && modes.contains(statistics.baseline())
            ? statistics.baseline()
            : Statistics.baselineOf(modes);
    return new Report(
        schemaVersion,
        startedAt,
        finishedAt,
        config,
        rawResults,
        Summaries.of(rawResults, modes),
        Statistics.of(rawResults, modes, baseline),
        timing);
  }

  /**
   * The settings the evaluation ran with. {@code hiddenFromAgent}: paths inside the repository the
   * agents could not see (they worked on a copy without them); empty when they worked in it.
   */
  public record Config(
      int parallel,
      int runs,
      List<ArmConfig> arms,
      List<String> tags,
      String shard,
      String timeout,
      String model,
      Integer maxTurns,
      String claude,
      String claudeCodeVersion,
      String casesDir,
      String repo,
      List<String> hiddenFromAgent) {}

  /**
   * One arm (mode) as it ran: its MCP config file and server names (none for a baseline) and its
   * own model, if it has one.
   */
  public record ArmConfig(String name, String mcpConfig, List<String> mcpServers, String model) {
    static ArmConfig of(Arm arm) {
      return new ArmConfig(
          arm.name(),
          arm.mcpConfig().map(m -> m.file().toString()).orElse(null),
          arm.mcpConfig().map(McpConfig::serverNames).orElse(List.of()),
          arm.model().orElse(null));
    }
  }

  /** Per mode (keyed by mode label), and per case side by side. */
  public record Summary(Map<String, ModeSummary> byMode, List<CaseSummary> byCase) {}

  /**
   * One mode's runs. {@code passRate} counts verdicts only (passed / (passed + failed)): errors,
   * timeouts, invalid and cancelled runs say nothing about the answer. Null when there is none.
   *
   * @param passRateCiLow the Wilson 95% interval of {@code passRate}, treating runs as independent
   * @param k the repetitions per case ({@code --runs})
   * @param passAt1 the mean over cases of each case's pass rate (equal to {@code passRate} when
   *     every case has as many verdicts)
   * @param passK pass@k and pass^k for each k from 1 to {@code k}, over the cases with at least k
   *     verdicts
   * @param flakyCases the cases that both passed and failed across their repetitions
   */
  public record ModeSummary(
      int runs,
      int passed,
      int failed,
      int errors,
      int timeouts,
      int invalid,
      int cancelled,
      Double passRate,
      Double passRateCiLow,
      Double passRateCiHigh,
      Long medianDurationMs,
      double totalCostUsd,
      Double meanToolCalls,
      Double meanMcpToolCalls,
      int k,
      Double passAt1,
      List<PassK> passK,
      List<String> flakyCases) {
    public ModeSummary {
      passK = passK == null ? List.of() : List.copyOf(passK);
      flakyCases = flakyCases == null ? List.of() : List.copyOf(flakyCases);
    }

    /** The pass@k row for {@code k}, or null when there is none. */
    public PassK passK(int k) {
      return passK.stream().filter(p -> p.k() == k).findFirst().orElse(null);
    }
  }

  /**
   * pass@k (some of k runs passes) and pass^k (all k runs pass) of one mode, each the mean over
   * {@code cases} (those with at least k verdicts) of the unbiased per-case estimate; {@code
   * leftOut} cases had fewer than k verdicts. Null values when no case has k verdicts.
   */
  public record PassK(int k, Double passAtK, Double passHatK, int cases, int leftOut) {}

  /** One case, each mode side by side (keyed by mode label). */
  public record CaseSummary(String caseId, Map<String, CaseModeSummary> byMode) {}

  /**
   * One case in one mode, over its repetitions. {@code passRate} is the case's pass@1; {@code
   * passAtK}: some of its k runs passed; {@code passHatK}: all k passed; both null when the case
   * has fewer than k verdicts (a timeout is not a pass).
   */
  public record CaseModeSummary(
      int runs,
      int passed,
      Double passRate,
      Boolean passAtK,
      Boolean passHatK,
      Long medianDurationMs,
      Double meanToolCalls,
      Double meanMcpToolCalls,
      List<String> statuses) {}

  /**
   * Wall time of the whole evaluation against the sum of its runs' durations: {@code speedup =
   * sumRunMs / wallMs}, near {@code parallel} when the agents are the slow part.
   */
  public record Timing(long wallMs, long sumRunMs, double speedup, int parallel) {}
}
