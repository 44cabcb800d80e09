package org.reposearcheval.evals.score;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The paired statistics in words. Each sentence carries the test that decided it, its p-values and
 * the one {@code significant} boolean of that test's {@link Decision}, so report.json, report.md,
 * report.html and compare say the same thing. Only McNemar (pass rate) and Wilcoxon (measures)
 * decide; the bootstrap interval is an estimate.
 */
public final class Findings {
  private Findings() {}

  /** The sentences for one arm against its baseline (or head against base). */
  static List<Finding> of(PairedStatistics s, double alpha) {
    List<Finding> findings = new ArrayList<>();
    if (s.pairedCases() == 0) {
      findings.add(
          Finding.note(
              s.arm()
                  + " and "
                  + s.baseline()
                  + " have no case with a verdict in both: nothing to compare."));
      return findings;
    }
    PairedStatistics.Detectable detectable = s.detectable();
    boolean decidable = detectable.anyTestCanReach();
    if (!decidable) {
      PairedStatistics.Holm holm = detectable.holm();
      int measureTests = measuresFamilySize(s);
      findings.add(
          Finding.note(
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
                  + (holm == null
                      ? ""
                      : " (at the strictest step, over " + holm.tests() + " tests)")
                  + ", Wilcoxon at least "
                  + Inference.wilcoxonMinPairs(alpha / measureTests)
                  + " cases that differ"
                  + (measureTests > 1
                      ? " (at the strictest step, over " + measureTests + " tests)"
                      : "")
                  + ". The differences below describe this run only; add"
                  + " cases to test them (--runs steadies each case's verdict but adds no"
                  + " pairs)."));
    }
    findings.add(flips(s, alpha));
    if (decidable && !s.mcnemar().decision().significant()) {
      findings.add(Finding.note(detectability(s, alpha)));
    }
    findings.add(Finding.estimate(delta(s)));
    measure(findings, s, "Duration", s.durationMs(), each(Numbers::duration), alpha);
    measure(findings, s, "Input tokens", s.inputTokens(), each(Numbers::tokens), alpha);
    measure(findings, s, "Cache-read tokens", s.cacheReadTokens(), each(Numbers::tokens), alpha);
    measure(findings, s, "Output tokens", s.outputTokens(), each(Numbers::tokens), alpha);
    // Both medians at once: different costs never print alike.
    measure(findings, s, s.costLabel("Cost"), s.costUsd(), Numbers::money, alpha);
    measure(findings, s, "Turns", s.turns(), each(Numbers::decimal), alpha);
    if (s.costPerExtraPass() != null) {
      findings.add(Finding.estimate(costPerPass(s.costPerExtraPass(), s.costEstimated())));
    }
    return findings;
  }

  /** Tests in the measures' family of this report (1 when none was run). */
  private static int measuresFamilySize(PairedStatistics s) {
    return s.measures().stream()
        .filter(m -> m.decision() != null)
        .mapToInt(m -> m.decision().familySize())
        .findFirst()
        .orElse(1);
  }

  private static Finding flips(PairedStatistics s, double alpha) {
    int armOnly = s.mcnemar().armOnly();
    int baselineOnly = s.mcnemar().baselineOnly();
    Decision d = s.mcnemar().decision();
    boolean decidable = d.reachable();
    if (armOnly + baselineOnly == 0) {
      return decided(
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
    return decided(
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
            + pValues(d)
            + ")"
            + (decidable ? ": " + verdict(d.significant(), alpha) : "")
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
  private static String detectability(PairedStatistics s, double alpha) {
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
    return new java.math.BigDecimal(holm.alpha())
        .round(new java.math.MathContext(3))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String delta(PairedStatistics s) {
    Interval delta = s.passRateDelta();
    String lead =
        "Pass rate of "
            + s.arm()
            + " minus "
            + s.baseline()
            + ": "
            + Numbers.points(delta.estimate())
            + " points, an estimate";
    if (!delta.informative()) {
      return lead + " (the bootstrap interval is not informative: " + delta.notInformative() + ").";
    }
    return lead
        + " (95% bootstrap interval "
        + Numbers.points(delta.ciLow())
        + " to "
        + Numbers.points(delta.ciHigh())
        + " over "
        + Numbers.plural(s.pairedCases(), "case", "cases")
        + "; it shows the spread, "
        + s.passRateTest()
        + " decides).";
  }

  /** What an extra correct answer cost, in one sentence: an estimate, never a verdict. */
  static String costPerPass(CostPerPass c, boolean estimated) {
    String lead = "Cost per extra correct answer" + (estimated ? " (estimated)" : "") + ": ";
    if (c.usdPerPass() == null) {
      return lead
          + "none to price, "
          + c.undefined()
          + (c.extraCostUsd() == null ? "" : " (cost " + signedMoney(c.extraCostUsd()) + ")")
          + ".";
    }
    CostPerPass.Bounds b = c.interval();
    return lead
        + dollars(c.usdPerPass())
        + (c.usdPerPass() < 0 ? " (more correct answers for less)" : "")
        + ", an estimate ("
        + signedMoney(c.extraCostUsd())
        + " for "
        + String.format(java.util.Locale.ROOT, "%+.1f", c.extraPasses())
        + " passes over "
        + Numbers.plural(c.cases(), "case", "cases")
        + (b.notInformative() != null
            ? "; the bootstrap interval is not informative: " + b.notInformative()
            : "; 95% bootstrap interval "
                + dollars(b.low())
                + " to "
                + (b.high() == null ? "no upper bound" : dollars(b.high())))
        + ").";
  }

  /** {@code +$0.120} or {@code −$0.040}. */
  static String signedMoney(double usd) {
    return (usd < 0 ? "−" : "+") + Numbers.money(Math.abs(usd));
  }

  /** {@code $0.120} or {@code −$0.040}. */
  static String dollars(double usd) {
    return usd < 0 ? signedMoney(usd) : Numbers.money(usd);
  }

  /** {@code format} applied to each value alone. */
  private static Function<List<Double>, List<String>> each(Function<Double, String> format) {
    return values -> values.stream().map(format).toList();
  }

  private static void measure(
      List<Finding> findings,
      PairedStatistics s,
      String name,
      Measure m,
      Function<List<Double>, List<String>> format,
      double alpha) {
    if (m.pairs() == 0) {
      return;
    }
    List<String> medians = format.apply(java.util.Arrays.asList(m.armMedian(), m.baselineMedian()));
    StringBuilder text =
        new StringBuilder(name)
            .append(": median ")
            .append(medians.get(0))
            .append(" with ")
            .append(s.arm())
            .append(" against ")
            .append(medians.get(1))
            .append(" with ")
            .append(s.baseline());
    if (m.ratio() != null) {
      text.append(" (").append(Numbers.ratio(m.ratio())).append(')');
    }
    Decision d = m.decision();
    if (d == null) {
      // Nothing was estimated: a note, not an estimate.
      findings.add(
          Finding.note(text.append(": the same in every case, nothing to test.").toString()));
      return;
    }
    text.append("; Wilcoxon ")
        .append(pValues(d))
        .append(" (")
        .append(d.test().endsWith("exact") ? "exact" : "normal approximation")
        .append(", ")
        .append(m.differing())
        .append(" of ")
        .append(Numbers.plural(m.pairs(), "case differs", "cases differ"))
        .append(")");
    if (d.reachable()) {
      text.append(": ").append(verdict(d.significant(), alpha));
    } else if (s.detectable().anyTestCanReach()) {
      text.append(": descriptive, no outcome of ")
          .append(Numbers.plural(m.differing(), "differing case", "differing cases"))
          .append(" could reach ")
          .append(Numbers.alpha(alpha))
          .append(
              d.familySize() > 1
                  ? " after Holm's correction over " + d.familySize() + " tests"
                  : "");
    }
    text.append('.');
    findings.add(decided(text.toString(), d, d.reachable()));
  }

  /**
   * A sentence a test decided ({@code test}), or, when no test could reach α with these cases, one
   * that only reports its p-value ({@code descriptive}).
   */
  private static Finding decided(String text, Decision d, boolean decidable) {
    return new Finding(
        decidable ? "test" : "descriptive",
        text,
        d.test(),
        d.pValue(),
        d.adjustedPValue(),
        decidable && d.significant());
  }

  /** {@code p = 0.0156} and, where Holm's correction applies, the adjusted p-value beside it. */
  static String pValues(Decision d) {
    String raw = Numbers.pEquals(d.pValue());
    return d.familySize() <= 1
        ? raw
        : raw
            + ", Holm-adjusted "
            + Numbers.pEquals(d.adjustedPValue())
            + " over "
            + d.familySize()
            + " tests";
  }

  static String verdict(boolean significant, double alpha) {
    return (significant ? "significant" : "not significant") + " at " + Numbers.alpha(alpha);
  }
}
