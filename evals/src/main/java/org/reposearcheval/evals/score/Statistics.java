package org.reposearcheval.evals.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.suite.Arm;

/**
 * The report's paired statistics: every arm against the baseline, case by case. Recorded with the
 * significance level, the correction for multiple comparisons, the signed-rank test's zero
 * convention, and the bootstrap's settings, so a reader can reproduce every number from {@code
 * rawResults}.
 *
 * @param baseline the arm the others are compared with: {@code without-mcp} when it ran, otherwise
 *     the first arm
 * @param correction Holm's step-down correction, within each family: the pass-rate tests of every
 *     comparison, and the measures' tests of every comparison
 * @param zeroConvention how the signed-rank test treats a zero difference ({@code wilcox}: dropped)
 * @param bootstrapMinCases below this many paired cases the bootstrap interval is not informative
 */
public record Statistics(
    String baseline,
    double alpha,
    String correction,
    String zeroConvention,
    double confidence,
    int bootstrapResamples,
    int bootstrapMinCases,
    long seed,
    List<PairedStatistics> comparisons) {

  public static final String HOLM = "holm";

  public Statistics {
    comparisons = List.copyOf(comparisons);
  }

  /** The statistics of {@code results}, arms in the order of {@code arms}. */
  public static Statistics of(List<RunResult> results, List<String> arms) {
    return of(results, arms, baselineOf(arms));
  }

  /** The statistics of {@code results} against {@code baseline}, one of {@code arms}. */
  public static Statistics of(List<RunResult> results, List<String> arms, String baseline) {
    if (baseline == null && arms.isEmpty()) {
      return decided(null, List.of());
    }
    if (!arms.contains(baseline)) {
      throw new IllegalArgumentException(
          "baseline '" + baseline + "' is not one of the arms " + arms);
    }
    Map<String, CaseMeasures> baselineCases = CaseMeasures.of(results, baseline);
    List<PairedStatistics> comparisons = new ArrayList<>();
    for (String arm : arms) {
      if (!arm.equals(baseline)) {
        comparisons.add(
            PairedStatistics.of(
                arm, baseline, CaseMeasures.of(results, arm), baselineCases, Inference.ALPHA));
      }
    }
    return decided(baseline, comparisons);
  }

  private static Statistics decided(String baseline, List<PairedStatistics> comparisons) {
    return new Statistics(
        baseline,
        Inference.ALPHA,
        HOLM,
        Inference.ZERO_CONVENTION,
        Inference.CONFIDENCE,
        Inference.BOOTSTRAP_RESAMPLES,
        Inference.BOOTSTRAP_MIN_CASES,
        Inference.SEED,
        decide(comparisons, Inference.ALPHA));
  }

  /**
   * The comparisons with Holm's correction applied within each family — the McNemar tests of all of
   * them; the Wilcoxon tests of all their measures — and their findings written.
   */
  public static List<PairedStatistics> decide(List<PairedStatistics> raw, double alpha) {
    List<PairedStatistics.Decision> passRate = new ArrayList<>();
    List<PairedStatistics.Decision> measures = new ArrayList<>();
    for (PairedStatistics s : raw) {
      if (s.mcnemar().decision() != null) {
        passRate.add(s.mcnemar().decision());
      }
      s.measures().stream()
          .filter(m -> m.decision() != null)
          .forEach(m -> measures.add(m.decision()));
    }
    double[] passRateAdjusted =
        Inference.holm(passRate.stream().mapToDouble(PairedStatistics.Decision::pValue).toArray());
    double[] measuresAdjusted =
        Inference.holm(measures.stream().mapToDouble(PairedStatistics.Decision::pValue).toArray());
    int p = 0;
    int m = 0;
    List<PairedStatistics> decided = new ArrayList<>();
    for (PairedStatistics s : raw) {
      PairedStatistics.McNemar mcnemar = s.mcnemar();
      if (mcnemar.decision() != null) {
        mcnemar =
            new PairedStatistics.McNemar(
                mcnemar.armOnly(),
                mcnemar.baselineOnly(),
                mcnemar.decision().adjusted(passRateAdjusted[p++], passRateAdjusted.length, alpha));
      }
      List<Measure> adjusted = new ArrayList<>();
      for (Measure measure : s.measures()) {
        adjusted.add(
            measure.decision() == null
                ? measure
                : measure.with(
                    measure
                        .decision()
                        .adjusted(measuresAdjusted[m++], measuresAdjusted.length, alpha)));
      }
      PairedStatistics adjustedOnly = s.with(mcnemar, adjusted, List.of());
      decided.add(adjustedOnly.with(mcnemar, adjusted, Findings.of(adjustedOnly, alpha)));
    }
    return decided;
  }

  /** {@code without-mcp} when it is one of {@code arms}, otherwise the first; null for none. */
  public static String baselineOf(List<String> arms) {
    if (arms.contains(Arm.WITHOUT_MCP)) {
      return Arm.WITHOUT_MCP;
    }
    return arms.isEmpty() ? null : arms.getFirst();
  }
}
