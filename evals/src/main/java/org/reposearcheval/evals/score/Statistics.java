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
    return of(results, arms, baseline, false);
  }

  /**
   * As {@link #of(List, List, String)}; with {@code signFlip} ({@code --runs auto}) each pass rate
   * is decided by the sign-flip test on the cases' pass-rate differences.
   */
  public static Statistics of(
      List<RunResult> results, List<String> arms, String baseline, boolean signFlip) {
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
                arm,
                baseline,
                CaseMeasures.of(results, arm),
                baselineCases,
                Inference.ALPHA,
                signFlip));
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
   * them; the Wilcoxon tests of all their measures — what each test could reach under it, and their
   * findings written.
   */
  public static List<PairedStatistics> decide(List<PairedStatistics> raw, double alpha) {
    List<Decision> passRate = new ArrayList<>();
    List<Integer> passRatePairs = new ArrayList<>();
    List<Decision> measures = new ArrayList<>();
    List<Integer> measurePairs = new ArrayList<>();
    for (PairedStatistics s : raw) {
      if (s.mcnemar().decision() != null) {
        passRate.add(s.mcnemar().decision());
        passRatePairs.add(s.pairedCases());
      }
      for (Measure m : s.measures()) {
        if (m.decision() != null) {
          measures.add(m.decision());
          measurePairs.add(m.differing());
        }
      }
    }
    Family passRateFamily = Family.of(passRate, passRatePairs, alpha);
    Family measuresFamily = Family.of(measures, measurePairs, alpha);
    List<PairedStatistics> decided = new ArrayList<>();
    for (PairedStatistics s : raw) {
      PairedStatistics.McNemar mcnemar = s.mcnemar();
      if (mcnemar.decision() != null) {
        mcnemar =
            new PairedStatistics.McNemar(
                mcnemar.armOnly(), mcnemar.baselineOnly(), passRateFamily.next(alpha));
      }
      List<Measure> adjusted = new ArrayList<>();
      for (Measure measure : s.measures()) {
        adjusted.add(
            measure.decision() == null ? measure : measure.with(measuresFamily.next(alpha)));
      }
      boolean passRateCanReach = mcnemar.decision() != null && mcnemar.decision().reachable();
      PairedStatistics.Detectable before = s.detectable();
      PairedStatistics.Detectable detectable =
          new PairedStatistics.Detectable(
              before.minOneWayFlips(),
              passRateCanReach,
              before.flipsNeeded(),
              passRateCanReach
                  || adjusted.stream()
                      .anyMatch(m -> m.decision() != null && m.decision().reachable()),
              PairedStatistics.Holm.of(
                  passRate.size(), alpha, mcnemar.armOnly() + mcnemar.baselineOnly()));
      PairedStatistics adjustedOnly = s.with(mcnemar, adjusted, detectable, List.of());
      decided.add(
          adjustedOnly.with(mcnemar, adjusted, detectable, Findings.of(adjustedOnly, alpha)));
    }
    return decided;
  }

  /**
   * One family of tests under Holm's correction: each decision with its adjusted p-value and
   * whether it could reach α at all, handed out in the order the decisions were given.
   */
  private static final class Family {
    private final List<Decision> decisions;
    private final double[] adjusted;
    private final boolean[] reachable;
    private int next;

    private Family(List<Decision> decisions, double[] adjusted, boolean[] reachable) {
      this.decisions = decisions;
      this.adjusted = adjusted;
      this.reachable = reachable;
    }

    static Family of(List<Decision> decisions, List<Integer> pairs, double alpha) {
      return new Family(
          decisions,
          Inference.holm(decisions.stream().mapToDouble(Decision::pValue).toArray()),
          Inference.holmReachable(
              pairs.stream().mapToDouble(Inference::smallestPValue).toArray(), alpha));
    }

    Decision next(double alpha) {
      int i = next++;
      return decisions.get(i).adjusted(adjusted[i], adjusted.length, alpha, reachable[i]);
    }
  }

  /** {@code without-mcp} when it is one of {@code arms}, otherwise the first; null for none. */
  public static String baselineOf(List<String> arms) {
    if (arms.contains(Arm.WITHOUT_MCP)) {
      return Arm.WITHOUT_MCP;
    }
    return arms.isEmpty() ? null : arms.getFirst();
  }
}
