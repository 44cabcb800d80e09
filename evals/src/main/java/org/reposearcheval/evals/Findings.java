package org.reposearcheval.evals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The paired statistics in words: what is significant and what is not. Markdown, HTML and compare
 * print the same sentences.
 */
final class Findings {
  /** One sentence; {@code significant} when its test rejects at the report's level. */
  record Finding(String text, boolean significant) {}

  private Findings() {}

  /** The sentences for one arm against its baseline (or head against base). */
  static List<Finding> of(PairedStatistics s, double alpha) {
    List<Finding> findings = new ArrayList<>();
    if (s.pairedCases() == 0) {
      findings.add(
          new Finding(
              s.arm()
                  + " and "
                  + s.baseline()
                  + " have no case with a verdict in both: nothing"
                  + " to compare.",
              false));
      return findings;
    }
    findings.add(flips(s, alpha));
    PairedStatistics.Interval delta = s.passRateDelta();
    findings.add(
        new Finding(
            "Pass rate of "
                + s.arm()
                + " minus "
                + s.baseline()
                + ": "
                + Numbers.points(delta.estimate())
                + " points (95% CI "
                + Numbers.points(delta.ciLow())
                + " to "
                + Numbers.points(delta.ciHigh())
                + ", bootstrap over "
                + Numbers.plural(s.pairedCases(), "case", "cases")
                + "): the interval "
                + (delta.excludesZero() ? "excludes" : "includes")
                + " 0.",
            delta.excludesZero()));
    measure(findings, s, "Duration", s.durationMs(), Numbers::duration, alpha);
    measure(findings, s, "Tokens", s.tokens(), Numbers::tokens, alpha);
    measure(findings, s, "Cost", s.costUsd(), Numbers::money, alpha);
    measure(findings, s, "Turns", s.turns(), Numbers::decimal, alpha);
    return findings;
  }

  private static Finding flips(PairedStatistics s, double alpha) {
    int armOnly = s.mcnemar().armOnly();
    int baselineOnly = s.mcnemar().baselineOnly();
    if (armOnly + baselineOnly == 0) {
      return new Finding(
          s.arm()
              + " and "
              + s.baseline()
              + " pass and fail the same "
              + Numbers.plural(s.pairedCases(), "case", "cases")
              + ": no flip, no difference to test.",
          false);
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
    boolean significant = s.mcnemar().pValue() < alpha;
    return new Finding(
        lead
            + " ("
            + armOnly
            + " pass only with "
            + s.arm()
            + ", "
            + baselineOnly
            + " only with "
            + s.baseline()
            + "; McNemar "
            + Numbers.pEquals(s.mcnemar().pValue())
            + "): "
            + verdict(significant, alpha)
            + ".",
        significant);
  }

  private static void measure(
      List<Finding> findings,
      PairedStatistics s,
      String name,
      PairedStatistics.Measure m,
      Function<Double, String> format,
      double alpha) {
    if (m == null || m.pairs() == 0) {
      return;
    }
    StringBuilder text =
        new StringBuilder(name)
            .append(": median ")
            .append(format.apply(m.armMedian()))
            .append(" with ")
            .append(s.arm())
            .append(" against ")
            .append(format.apply(m.baselineMedian()))
            .append(" with ")
            .append(s.baseline());
    if (m.ratio() != null) {
      text.append(" (").append(Numbers.ratio(m.ratio())).append(')');
    }
    boolean significant = m.pValue() != null && m.pValue() < alpha;
    if (m.pValue() == null) {
      text.append(": the same in every case, nothing to test.");
    } else {
      text.append("; Wilcoxon ")
          .append(Numbers.pEquals(m.pValue()))
          .append(" over ")
          .append(Numbers.plural(m.pairs(), "case", "cases"))
          .append(": ")
          .append(verdict(significant, alpha))
          .append('.');
    }
    findings.add(new Finding(text.toString(), significant));
  }

  static String verdict(boolean significant, double alpha) {
    return (significant ? "significant" : "not significant")
        + " at "
        + Numbers.p(alpha).replaceAll("0+$", "");
  }
}
