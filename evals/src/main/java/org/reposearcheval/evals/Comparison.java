package org.reposearcheval.evals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code compare BASE HEAD}: what changed between two evaluations of the same suite, mode by mode
 * and case by case, with the same paired statistics as a report (the head against the base, on the
 * cases both reached a verdict in), and whether it crossed a threshold. Both reports are recomputed
 * from their raw results; their stored summaries are not trusted.
 *
 * @param regressions each threshold crossed, in words; empty when none
 */
public record Comparison(
    String base,
    String head,
    Thresholds thresholds,
    List<ModeChange> modes,
    List<AdvantageChange> advantages,
    List<String> regressions,
    List<String> notes) {

  /**
   * @param maxPassRateDrop how far a mode's pass rate may fall (0.05: five points)
   * @param maxCostIncrease how much a mode's cost on the common cases may rise (0.2: 20%)
   */
  public record Thresholds(double maxPassRateDrop, double maxCostIncrease) {}

  /**
   * One mode, base against head. {@code changes.flips().armOnly()} are the fixed cases (pass in the
   * head only), {@code baselineOnly()} the regressed ones.
   */
  public record ModeChange(
      String mode,
      Double basePassRate,
      Double headPassRate,
      Double baseCostUsd,
      Double headCostUsd,
      PairedStatistics changes) {
    public List<String> fixed() {
      return changes.flips().armOnly();
    }

    public List<String> regressed() {
      return changes.flips().baselineOnly();
    }
  }

  /**
   * How an arm's advantage over the baseline (its pass rate minus the baseline's, per case) moved:
   * {@code change} is the head's advantage minus the base's, with a bootstrap interval over the
   * cases that reached a verdict in both arms of both runs.
   */
  public record AdvantageChange(
      String arm,
      String baseline,
      int cases,
      double baseAdvantage,
      double headAdvantage,
      PairedStatistics.Interval change) {}

  public boolean regressed() {
    return !regressions.isEmpty();
  }

  /**
   * Compares the reports in {@code base} and {@code head} (report.json files or run directories).
   */
  public static Comparison load(Path base, Path head, Thresholds thresholds) {
    return of(
        base.toString(),
        ReportWriter.load(base),
        head.toString(),
        ReportWriter.load(head),
        thresholds);
  }

  static Comparison of(
      String baseName, Report baseReport, String headName, Report headReport, Thresholds t) {
    Report base = baseReport.recomputed();
    Report head = headReport.recomputed();
    List<String> baseModes = modes(base);
    List<String> headModes = modes(head);
    List<String> common = headModes.stream().filter(baseModes::contains).toList();
    if (common.isEmpty()) {
      throw new InvalidInputException(
          "nothing to compare: "
              + baseName
              + " ran "
              + baseModes
              + ", "
              + headName
              + " ran "
              + headModes);
    }
    List<String> notes = new ArrayList<>();
    headModes.stream()
        .filter(m -> !baseModes.contains(m))
        .forEach(m -> notes.add(m + " ran in the head only"));
    baseModes.stream()
        .filter(m -> !headModes.contains(m))
        .forEach(m -> notes.add(m + " ran in the base only"));

    List<ModeChange> changes = new ArrayList<>();
    List<String> regressions = new ArrayList<>();
    for (String mode : common) {
      Map<String, CaseMeasures> b = CaseMeasures.of(base.rawResults(), mode);
      Map<String, CaseMeasures> h = CaseMeasures.of(head.rawResults(), mode);
      PairedStatistics paired = PairedStatistics.of("head", "base", h, b);
      List<String> ids = paired(b, h);
      ModeChange change =
          new ModeChange(
              mode,
              meanPassAt1(b, ids),
              meanPassAt1(h, ids),
              cost(b, h, ids, b),
              cost(b, h, ids, h),
              paired);
      changes.add(change);
      if (!paired.unpairedCases().isEmpty()) {
        notes.add(
            mode
                + ": not compared (no verdict in one run, or in one run only): "
                + String.join(", ", paired.unpairedCases()));
      }
      breaches(change, t, regressions);
    }
    return new Comparison(
        baseName, headName, t, changes, advantages(base, head, common), regressions, notes);
  }

  private static void breaches(ModeChange c, Thresholds t, List<String> regressions) {
    if (c.basePassRate() != null && c.headPassRate() != null) {
      double drop = c.basePassRate() - c.headPassRate();
      if (drop > t.maxPassRateDrop() + 1e-9) {
        regressions.add(
            c.mode()
                + ": pass rate fell from "
                + Numbers.percent(c.basePassRate())
                + " to "
                + Numbers.percent(c.headPassRate())
                + " ("
                + Numbers.points(-drop)
                + " points), more than the allowed "
                + Math.round(t.maxPassRateDrop() * 100)
                + (c.regressed().isEmpty()
                    ? ""
                    : "; regressed: " + String.join(", ", c.regressed())));
      }
    }
    if (c.baseCostUsd() != null && c.headCostUsd() != null && c.baseCostUsd() > 0) {
      double increase = c.headCostUsd() / c.baseCostUsd() - 1;
      if (increase > t.maxCostIncrease() + 1e-9) {
        regressions.add(
            c.mode()
                + ": cost of the common cases rose "
                + Numbers.change(increase)
                + " ("
                + Numbers.money(c.baseCostUsd())
                + " → "
                + Numbers.money(c.headCostUsd())
                + "), more than the allowed "
                + Numbers.change(t.maxCostIncrease()));
      }
    }
  }

  private static List<AdvantageChange> advantages(Report base, Report head, List<String> common) {
    String baseline = head.statistics().baseline();
    List<AdvantageChange> advantages = new ArrayList<>();
    if (baseline == null || !common.contains(baseline)) {
      return advantages;
    }
    Map<String, CaseMeasures> bb = CaseMeasures.of(base.rawResults(), baseline);
    Map<String, CaseMeasures> hb = CaseMeasures.of(head.rawResults(), baseline);
    for (String arm : common) {
      if (arm.equals(baseline)) {
        continue;
      }
      Map<String, CaseMeasures> ba = CaseMeasures.of(base.rawResults(), arm);
      Map<String, CaseMeasures> ha = CaseMeasures.of(head.rawResults(), arm);
      List<Double> baseAdvantage = new ArrayList<>();
      List<Double> headAdvantage = new ArrayList<>();
      for (String id : hb.keySet()) {
        if (answered(ba, id) && answered(bb, id) && answered(ha, id) && answered(hb, id)) {
          baseAdvantage.add(ba.get(id).passAt1() - bb.get(id).passAt1());
          headAdvantage.add(ha.get(id).passAt1() - hb.get(id).passAt1());
        }
      }
      if (baseAdvantage.isEmpty()) {
        continue;
      }
      double[] change = new double[baseAdvantage.size()];
      for (int i = 0; i < change.length; i++) {
        change[i] = headAdvantage.get(i) - baseAdvantage.get(i);
      }
      advantages.add(
          new AdvantageChange(
              arm,
              baseline,
              change.length,
              mean(baseAdvantage),
              mean(headAdvantage),
              Inference.bootstrapMean(change)));
    }
    return advantages;
  }

  private static List<String> modes(Report report) {
    return report.config().arms().stream().map(Report.ArmConfig::name).toList();
  }

  /** Cases with a verdict in both runs, in the head's order. */
  private static List<String> paired(Map<String, CaseMeasures> b, Map<String, CaseMeasures> h) {
    return h.keySet().stream().filter(id -> answered(b, id) && answered(h, id)).toList();
  }

  private static boolean answered(Map<String, CaseMeasures> cases, String id) {
    CaseMeasures c = cases.get(id);
    return c != null && c.verdicts() > 0;
  }

  private static Double meanPassAt1(Map<String, CaseMeasures> cases, List<String> ids) {
    return ids.isEmpty()
        ? null
        : ids.stream().mapToDouble(id -> cases.get(id).passAt1()).average().orElseThrow();
  }

  /** The summed per-case cost of {@code side} over the paired cases that reported one in both. */
  private static Double cost(
      Map<String, CaseMeasures> b,
      Map<String, CaseMeasures> h,
      List<String> ids,
      Map<String, CaseMeasures> side) {
    List<String> costed =
        ids.stream()
            .filter(id -> b.get(id).costUsd() != null && h.get(id).costUsd() != null)
            .toList();
    return costed.isEmpty()
        ? null
        : costed.stream().mapToDouble(id -> side.get(id).costUsd()).sum();
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }
}
