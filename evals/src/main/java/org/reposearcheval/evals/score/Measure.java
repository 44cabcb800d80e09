package org.reposearcheval.evals.score;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A number compared case by case (duration, tokens, cost, turns): the medians over the paired cases
 * that reported it in both arms, their ratio (arm / baseline; null when the baseline median is 0),
 * the mean paired difference (arm − baseline) with its bootstrap interval, how many pairs differ,
 * and the Wilcoxon signed-rank decision (null when no pair differs).
 */
public record Measure(
    int pairs,
    int differing,
    Double armMedian,
    Double baselineMedian,
    Double ratio,
    Interval difference,
    Decision decision) {

  Measure with(Decision d) {
    return new Measure(pairs, differing, armMedian, baselineMedian, ratio, difference, d);
  }

  /** {@code value} of each pair {arm, baseline} that has it in both, compared. */
  static Measure of(
      List<CaseMeasures[]> pairs, Function<CaseMeasures, Double> value, double alpha) {
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
    double[] differences = both.stream().mapToDouble(p -> p[0] - p[1]).toArray();
    Double armMedian = Averages.median(x);
    Double baselineMedian = Averages.median(y);
    Inference.SignedRank test = Inference.wilcoxon(x, y);
    return new Measure(
        both.size(),
        test == null ? 0 : test.pairs(),
        armMedian,
        baselineMedian,
        baselineMedian == null || baselineMedian == 0 ? null : armMedian / baselineMedian,
        Interval.bootstrapMean(differences),
        test == null
            ? null
            : Decision.raw(
                test.test(), test.pValue(), PairedStatistics.MEASURES_FAMILY, alpha, test.pairs()));
  }
}
