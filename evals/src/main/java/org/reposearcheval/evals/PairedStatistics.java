package org.reposearcheval.evals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One arm against the baseline, case by case. Only cases that reached a verdict in both arms are
 * paired; the others are listed in {@code unpairedCases}. A case passes in an arm when at least
 * half of its verdicts there are passes (with one run: when it passed).
 *
 * @param flips the paired cases that pass in one arm only
 * @param mcnemar the exact test of whether flips one way outnumber flips the other way by chance
 * @param passRateDelta arm minus baseline of the mean pass@1 over the paired cases, with a
 *     bootstrap interval over cases
 * @param durationMs per case, the mean duration of its verdict runs; likewise {@code tokens},
 *     {@code costUsd} and {@code turns}
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
    Measure tokens,
    Measure costUsd,
    Measure turns) {

  public PairedStatistics {
    unpairedCases = List.copyOf(unpairedCases);
  }

  /** Paired cases that pass in one arm and fail in the other, by id. */
  public record Flips(List<String> armOnly, List<String> baselineOnly) {
    public Flips {
      armOnly = List.copyOf(armOnly);
      baselineOnly = List.copyOf(baselineOnly);
    }
  }

  /** McNemar's exact test on the discordant pairs (the flips). */
  public record McNemar(int armOnly, int baselineOnly, double pValue) {}

  /** An estimate and its 95% interval. */
  public record Interval(double estimate, double ciLow, double ciHigh) {
    /** True when the interval lies wholly above or below 0. */
    public boolean excludesZero() {
      return ciLow > 0 || ciHigh < 0;
    }
  }

  /**
   * A number compared case by case: the medians over the paired cases that reported it in both
   * arms, their ratio (arm / baseline; null when the baseline median is 0), and the Wilcoxon
   * signed-rank p-value (null when there is nothing to test).
   */
  public record Measure(
      int pairs, Double armMedian, Double baselineMedian, Double ratio, Double pValue) {}

  static PairedStatistics of(
      String arm,
      String baseline,
      Map<String, CaseMeasures> armCases,
      Map<String, CaseMeasures> baselineCases) {
    List<CaseMeasures[]> pairs = new ArrayList<>();
    List<String> unpaired = new ArrayList<>();
    List<String> ids = new ArrayList<>(baselineCases.keySet());
    armCases.keySet().stream().filter(id -> !baselineCases.containsKey(id)).forEach(ids::add);
    for (String id : ids) {
      CaseMeasures a = armCases.get(id);
      CaseMeasures b = baselineCases.get(id);
      if (a != null && b != null && a.verdicts() > 0 && b.verdicts() > 0) {
        pairs.add(new CaseMeasures[] {a, b});
      } else {
        unpaired.add(id);
      }
    }
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
    return new PairedStatistics(
        arm,
        baseline,
        pairs.size(),
        unpaired,
        new Flips(armOnly, baselineOnly),
        new McNemar(
            armOnly.size(),
            baselineOnly.size(),
            Inference.mcnemar(armOnly.size(), baselineOnly.size())),
        Inference.bootstrapMean(deltas),
        measure(pairs, CaseMeasures::durationMs),
        measure(pairs, CaseMeasures::tokens),
        measure(pairs, CaseMeasures::costUsd),
        measure(pairs, CaseMeasures::turns));
  }

  private static Measure measure(List<CaseMeasures[]> pairs, Function<CaseMeasures, Double> value) {
    List<double[]> both = new ArrayList<>();
    for (CaseMeasures[] pair : pairs) {
      Double a = value.apply(pair[0]);
      Double b = value.apply(pair[1]);
      if (a != null && b != null) {
        both.add(new double[] {a, b});
      }
    }
    double[] x = both.stream().mapToDouble(p -> p[0]).toArray();
    double[] y = both.stream().mapToDouble(p -> p[1]).toArray();
    Double armMedian = Inference.median(x);
    Double baselineMedian = Inference.median(y);
    return new Measure(
        both.size(),
        armMedian,
        baselineMedian,
        baselineMedian == null || baselineMedian == 0 ? null : armMedian / baselineMedian,
        Inference.wilcoxon(x, y));
  }
}
