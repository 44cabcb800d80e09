package org.reposearcheval.evals.score;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The pass-rate sentences of the paired statistics: how the flips went and what McNemar (or the
 * sign-flip test) made of them, and what the suite could detect at all with its paired cases.
 */
final class PassRateFindings {
  private PassRateFindings() {}

  /**
   * The note for a suite in which no test can reach significance: the flips and differing cases
   * each test would need.
   */
  static Finding noTestCanReach(PairedStatistics s, double alpha) {
    PairedStatistics.Detectable detectable = s.detectable();
    PairedStatistics.Holm holm = detectable.holm();
    int measureTests = measuresFamilySize(s);
    return Finding.note(
        "With "
            + Numbers.plural(s.pairedCases(), "paired case", "paired cases")
            + " no test here can reach significance at "
            + Numbers.alpha(alpha)
            + (holm != null || measureTests > 1 ? " after Holm's correction" : "")
            + ": "
            + s.passRateTest()
            + " needs at least "
            + (holm == null ? detectable.minOneWayFlips() : holm.minOneWayFlips())
            + " flips all one way"
            + (holm == null ? "" : " (at the strictest step, over " + holm.tests() + " tests)")
            + ", Wilcoxon at least "
            + Inference.wilcoxonMinPairs(alpha / measureTests)
            + " cases that differ"
            + (measureTests > 1 ? " (at the strictest step, over " + measureTests + " tests)" : "")
            + ". The differences below describe this run only; add"
            + " cases to test them (--runs steadies each case's verdict but adds no"
            + " pairs).");
  }

  /** Tests in the measures' family of this report (1 when none was run). */
  private static int measuresFamilySize(PairedStatistics s) {
    return s.measures().stream()
        .filter(m -> m.decision() != null)
        .mapToInt(m -> m.decision().familySize())
        .findFirst()
        .orElse(1);
  }

  static Finding flips(PairedStatistics s, double alpha) {
    int armOnly = s.mcnemar().armOnly();
    int baselineOnly = s.mcnemar().baselineOnly();
    Decision d = s.mcnemar().decision();
    boolean decidable = d.reachable();
    if (armOnly + baselineOnly == 0) {
      return Finding.decided(
          s.arm()
              + " and "
              + s.baseline()
              + " pass and fail the same "
              + Numbers.plural(s.pairedCases(), "case", "cases")
              + ": no flip, no difference to test.",
          d,
          decidable);
    }
    int net = armOnly - baselineOnly;
    String lead =
        net == 0
            ? s.arm() + " and " + s.baseline() + " pass as many cases"
            : s.arm()
                + " passes "
                + Numbers.plural(Math.abs(net), "case", "cases")
                    .replaceFirst(" ", net > 0 ? " more " : " fewer ")
                + " than "
                + s.baseline();
    return Finding.decided(
        lead
            + " ("
            + armOnly
            + " pass only with "
            + s.arm()
            + ", "
            + baselineOnly
            + " only with "
            + s.baseline()
            + "; "
            + s.passRateTest()
            + " "
            + d.pValues()
            + ")"
            + (decidable ? ": " + d.verdict(alpha) : "")
            + (!decidable && d.familySize() > 1 && d.pValue() < alpha
                ? ": descriptive. Alone its p-value is below "
                    + Numbers.alpha(alpha)
                    + ", but after Holm's correction over "
                    + d.familySize()
                    + " tests no outcome of "
                    + Numbers.plural(s.pairedCases(), "paired case", "paired cases")
                    + " could reach it: the correction is what kept it from significance"
                : "")
            + ".",
        d,
        decidable);
  }

  /**
   * What the suite can detect, for a pass-rate difference that was not significant, under the
   * correction actually applied: with Holm's over several pass-rate tests, the flips the strictest
   * step (α / tests) needs, and whether the correction is what kept this test from α.
   */
  static String detectability(PairedStatistics s, double alpha) {
    PairedStatistics.Detectable d = s.detectable();
    PairedStatistics.Holm holm = d.holm();
    String with = "With " + Numbers.plural(s.pairedCases(), "paired case", "paired cases");
    String correction =
        holm == null ? "" : " after Holm's correction over " + holm.tests() + " pass-rate tests";
    int minFlips = holm == null ? d.minOneWayFlips() : holm.minOneWayFlips();
    String step = holm == null ? "" : " at its strictest step (p below " + strictest(holm) + ")";
    if (!d.passRateCanReach()) {
      return with
          + " "
          + s.passRateTest()
          + " cannot reach "
          + Numbers.alpha(alpha)
          + correction
          + ": it needs at least "
          + minFlips
          + " flips all one way"
          + step
          + ". Add cases (--runs steadies each case's verdict but adds no pairs).";
    }
    int armOnly = s.mcnemar().armOnly();
    int baselineOnly = s.mcnemar().baselineOnly();
    int flips = armOnly + baselineOnly;
    Integer needed = holm == null ? d.flipsNeeded() : holm.flipsNeeded();
    Decision decision = s.mcnemar().decision();
    return with
        + correction
        + " "
        + s.passRateTest()
        + " needs at least "
        + minFlips
        + " flips, all one way, to reach "
        + Numbers.alpha(alpha)
        + step
        + "; this run had "
        + flips
        + " ("
        + Math.max(armOnly, baselineOnly)
        + " one way, "
        + Math.min(armOnly, baselineOnly)
        + " the other)"
        + (s.signFlip()
            ? ""
            : needed == null
                ? ", and no split of " + flips + " could reach it"
                : ", of which at least " + needed + " would have to go one way")
        + "."
        + (holm != null && decision.pValue() < alpha
            ? " Alone, its "
                + Numbers.pEquals(decision.pValue())
                + " is below "
                + Numbers.alpha(alpha)
                + ": the correction is what kept it from significance."
            : "");
  }

  /** α / tests as a reader checks it: 0.05 / 3 = 0.0167. */
  private static String strictest(PairedStatistics.Holm holm) {
    return new BigDecimal(holm.alpha())
        .round(new MathContext(3))
        .stripTrailingZeros()
        .toPlainString();
  }
}
