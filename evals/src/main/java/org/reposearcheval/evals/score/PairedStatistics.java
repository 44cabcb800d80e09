package org.reposearcheval.evals.score;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One arm against the baseline, case by case. Only cases that reached a verdict in both arms are
 * paired; the others are listed in {@code unpairedCases}. A case passes in an arm when at least
 * half of its verdicts there are passes (with one run: when it passed).
 *
 * <p>Each difference is decided by one test that fits it: the pass rate by McNemar's exact test on
 * the flips, each measure by Wilcoxon's signed-rank test; the bootstrap interval of the pass-rate
 * difference is an estimate, never a verdict. {@code findings} says all of it in words, with the
 * same p-values and decisions.
 *
 * @param flips the paired cases that pass in one arm only
 * @param mcnemar the exact test of whether flips one way outnumber flips the other way by chance
 * @param passRateDelta arm minus baseline of the mean pass@1 over the paired cases, with a
 *     bootstrap interval over cases
 * @param durationMs per case, the mean duration of its verdict runs; likewise the input tokens
 *     billed in full, those read from the cache, the output tokens, {@code costUsd} and {@code
 *     turns}
 * @param costPerExtraPass what each extra correct answer of the arm cost
 * @param detectable what this many paired cases could show at all
 */
public record PairedStatistics(
    String arm,
    String baseline,
    int pairedCases,
    List<String> unpairedCases,
    Flips flips,
    McNemar mcnemar,
    Interval passRateDelta,
    Measure durationMs,
    Measure inputTokens,
    Measure cacheReadTokens,
    Measure outputTokens,
    Measure costUsd,
    Measure turns,
    CostPerPass costPerExtraPass,
    Detectable detectable,
    List<Finding> findings,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean costEstimated) {

  /** The family of tests Holm's correction runs over for the pass-rate comparisons. */
  public static final String PASS_RATE_FAMILY = "pass rate";

  /** The family of the duration, tokens, cost and turns tests of every comparison. */
  public static final String MEASURES_FAMILY = "measures";

  /** What {@link #measures()} compares, in its order. */
  private static final List<Function<CaseMeasures, Double>> MEASURED =
      List.of(
          CaseMeasures::durationMs,
          CaseMeasures::inputTokens,
          CaseMeasures::cacheReadTokens,
          CaseMeasures::outputTokens,
          CaseMeasures::costUsd,
          CaseMeasures::turns);

  public PairedStatistics {
    unpairedCases = List.copyOf(unpairedCases);
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  /** Paired cases that pass in one arm and fail in the other, by id. */
  public record Flips(List<String> armOnly, List<String> baselineOnly) {
    public Flips {
      armOnly = List.copyOf(armOnly);
      baselineOnly = List.copyOf(baselineOnly);
    }
  }

  /**
   * McNemar's exact test on the discordant pairs (the flips); {@code decision} is null when no case
   * was paired.
   */
  public record McNemar(int armOnly, int baselineOnly, Decision decision) {}

  /**
   * What this many paired cases could show at α, under the correction applied. {@code
   * minOneWayFlips}: the fewest flips, all one way, McNemar's test needs before any correction;
   * {@code passRateCanReach}: whether any outcome of the paired cases could make it significant
   * after the correction; {@code flipsNeeded}: of the flips this run had, how many must go one way
   * before any correction (null when no split of them can reach α); {@code anyTestCanReach}:
   * whether McNemar or any measure's Wilcoxon test could reach α after the correction at all;
   * {@code holm}: the same at the strictest step of Holm's correction, null in a family of one.
   */
  public record Detectable(
      int minOneWayFlips,
      boolean passRateCanReach,
      Integer flipsNeeded,
      boolean anyTestCanReach,
      Holm holm) {}

  /**
   * What McNemar's test would have needed at the strictest step of Holm's correction over {@code
   * tests} pass-rate tests, where a p-value must be below {@code alpha} (α / tests): the fewest
   * flips all one way, and of this run's flips how many one way (null: no split can).
   */
  public record Holm(int tests, double alpha, int minOneWayFlips, Integer flipsNeeded) {
    static Holm of(int tests, double alpha, int flips) {
      double strictest = alpha / tests;
      return tests <= 1
          ? null
          : new Holm(
              tests,
              strictest,
              Inference.mcnemarMinOneWayFlips(strictest),
              Inference.mcnemarFlipsNeeded(flips, strictest));
    }
  }

  /**
   * {@code name} of the cost, marked {@code (estimated)} when some paired run's cost was computed
   * from its tokens and the pricing table rather than reported by its agent.
   */
  public String costLabel(String name) {
    return costEstimated ? name + " (estimated)" : name;
  }

  /** The measures in the order the report lists them. */
  List<Measure> measures() {
    return java.util.Arrays.asList(
        durationMs, inputTokens, cacheReadTokens, outputTokens, costUsd, turns);
  }

  /**
   * This comparison with its decisions and what it could detect replaced (Holm-adjusted), and
   * {@code findings}, the sentences {@link Findings} writes from them.
   */
  PairedStatistics with(
      McNemar m, List<Measure> ms, Detectable detectable, List<Finding> findings) {
    return new PairedStatistics(
        arm,
        baseline,
        pairedCases,
        unpairedCases,
        flips,
        m,
        passRateDelta,
        ms.get(0),
        ms.get(1),
        ms.get(2),
        ms.get(3),
        ms.get(4),
        ms.get(5),
        costPerExtraPass,
        detectable,
        findings,
        costEstimated);
  }

  /**
   * The pass-rate test alone, as {@link #of(String, String, Map, Map, double, boolean)} decides it
   * before Holm's correction: the flips by majority verdict, and McNemar's or the sign-flip test's
   * decision (null when no case is paired). What the simulation of {@code --runs auto} runs.
   */
  public static McNemar passRate(
      Map<String, CaseMeasures> armCases,
      Map<String, CaseMeasures> baselineCases,
      double alpha,
      boolean signFlip) {
    CasePairs cases = CasePairs.of(armCases, baselineCases);
    int armOnly = 0;
    int baselineOnly = 0;
    for (CaseMeasures[] p : cases.pairs()) {
      if (p[0].passes() && !p[1].passes()) {
        armOnly++;
      } else if (p[1].passes() && !p[0].passes()) {
        baselineOnly++;
      }
    }
    return passRate(cases, armOnly, baselineOnly, alpha, signFlip);
  }

  private static McNemar passRate(
      CasePairs cases, int armOnly, int baselineOnly, double alpha, boolean signFlip) {
    List<CaseMeasures[]> pairs = cases.pairs();
    Double signFlipP = signFlip ? cases.signFlip() : null;
    double p = signFlipP != null ? signFlipP : Inference.mcnemar(armOnly, baselineOnly);
    return new McNemar(
        armOnly,
        baselineOnly,
        pairs.isEmpty()
            ? null
            : Decision.raw(
                signFlipP != null ? SignFlip.NAME : "mcnemar-exact",
                p,
                PASS_RATE_FAMILY,
                alpha,
                pairs.size()));
  }

  /** Whether the pass rate was decided by the sign-flip test rather than McNemar's. */
  public boolean signFlip() {
    return mcnemar.decision() != null && SignFlip.NAME.equals(mcnemar.decision().test());
  }

  /** The pass-rate test's name in a sentence. */
  String passRateTest() {
    return signFlip() ? "the sign-flip test" : "McNemar";
  }

  /**
   * One comparison with raw decisions (each test a family of one). {@link Statistics#decide}
   * applies Holm's correction across comparisons and has the findings written.
   */
  public static PairedStatistics of(
      String arm,
      String baseline,
      Map<String, CaseMeasures> armCases,
      Map<String, CaseMeasures> baselineCases,
      double alpha) {
    return of(arm, baseline, armCases, baselineCases, alpha, false);
  }

  /**
   * As {@link #of(String, String, Map, Map, double)}; with {@code signFlip} ({@code --runs auto},
   * where cases have different numbers of runs) the pass rate is decided by the exact sign-flip
   * test on each paired case's pass-rate difference ({@link Inference#signFlip}) instead of
   * McNemar's test on the flips of each case's majority verdict; the flips are counted as before.
   */
  public static PairedStatistics of(
      String arm,
      String baseline,
      Map<String, CaseMeasures> armCases,
      Map<String, CaseMeasures> baselineCases,
      double alpha,
      boolean signFlip) {
    CasePairs cases = CasePairs.of(armCases, baselineCases);
    List<CaseMeasures[]> pairs = cases.pairs();
    List<String> armOnly = new ArrayList<>();
    List<String> baselineOnly = new ArrayList<>();
    double[] deltas = new double[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      CaseMeasures a = pairs.get(i)[0];
      CaseMeasures b = pairs.get(i)[1];
      if (a.passes() && !b.passes()) {
        armOnly.add(a.caseId());
      } else if (b.passes() && !a.passes()) {
        baselineOnly.add(a.caseId());
      }
      deltas[i] = a.passAt1() - b.passAt1();
    }
    McNemar mcnemar = passRate(cases, armOnly.size(), baselineOnly.size(), alpha, signFlip);
    // Each measure is a pure function of the pairs with a bootstrap of its own (10,000 resamples
    // of every pair): computed side by side, they give the same numbers in the same order.
    List<Measure> measures =
        MEASURED.parallelStream().map(value -> Measure.of(pairs, value, alpha)).toList();
    int minOneWay = Inference.mcnemarMinOneWayFlips(alpha);
    boolean passRateCanReach = pairs.size() >= minOneWay;
    boolean anyCanReach =
        passRateCanReach
            || measures.stream().anyMatch(m -> Inference.wilcoxonCanReach(m.differing(), alpha));
    return new PairedStatistics(
        arm,
        baseline,
        pairs.size(),
        cases.unpaired(),
        new Flips(armOnly, baselineOnly),
        mcnemar,
        Interval.bootstrapMean(deltas),
        measures.get(0),
        measures.get(1),
        measures.get(2),
        measures.get(3),
        measures.get(4),
        measures.get(5),
        CostPerPass.of(pairs),
        new Detectable(
            minOneWay,
            passRateCanReach,
            Inference.mcnemarFlipsNeeded(armOnly.size() + baselineOnly.size(), alpha),
            anyCanReach,
            null),
        List.of(),
        cases.costEstimated());
  }
}
