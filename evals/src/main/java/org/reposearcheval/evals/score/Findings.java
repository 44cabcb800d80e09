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
    boolean decidable = s.detectable().anyTestCanReach();
    if (!decidable) {
      findings.add(PassRateFindings.noTestCanReach(s, alpha));
    }
    findings.add(PassRateFindings.flips(s, alpha));
    if (decidable && !s.mcnemar().decision().significant()) {
      findings.add(Finding.note(PassRateFindings.detectability(s, alpha)));
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
      findings.add(Finding.estimate(s.costPerExtraPass().describe(s.costEstimated())));
    }
    return findings;
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
        .append(d.pValues())
        .append(" (")
        .append(d.test().endsWith("exact") ? "exact" : "normal approximation")
        .append(", ")
        .append(m.differing())
        .append(" of ")
        .append(Numbers.plural(m.pairs(), "case differs", "cases differ"))
        .append(")");
    if (d.reachable()) {
      text.append(": ").append(d.verdict(alpha));
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
    findings.add(Finding.decided(text.toString(), d, d.reachable()));
  }
}
