package org.reposearcheval.evals.score;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * The percentile bootstrap every interval of the report uses: {@link Inference#BOOTSTRAP_RESAMPLES}
 * resamples of n cases with replacement from a generator seeded with {@link Inference#SEED}, a
 * statistic computed for each, and the 250th and the 9,750th of the 10,000 sorted values (for 95%:
 * the tails counted in whole resamples, never a rounded product, which would take the 251st).
 */
final class Bootstrap {
  /**
   * A sum this small against the largest value summed is rounding, not a difference: 1/3 + 2/3 − 1
   * in doubles is 1.1e-16, and a mean of such thirds reads 9.25e-18 where it is 0.
   */
  private static final double ROUNDING = 1e-9;

  private Bootstrap() {}

  /** The lower and the upper percentile of the statistic over the resamples. */
  record Bounds(double low, double high) {}

  /** Resamples in each tail: (1 − 0.95) / 2 × 10,000 = 250, counted in integers. */
  static int tail() {
    long outsidePerMille = Math.round((1 - Inference.CONFIDENCE) * 1000);
    return (int) (Inference.BOOTSTRAP_RESAMPLES * outsidePerMille / 2000);
  }

  /**
   * The bounds of {@code statistic} over the resamples of {@code n} cases, each resample given as
   * the indices it drew (drawn in order, one {@code nextInt(n)} each).
   */
  static Bounds percentiles(int n, ToDoubleFunction<int[]> statistic) {
    int resamples = Inference.BOOTSTRAP_RESAMPLES;
    Draws random = new Draws(Inference.SEED);
    int[] picks = new int[n];
    double[] values = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      for (int i = 0; i < n; i++) {
        picks[i] = random.nextInt(n);
      }
      values[b] = statistic.applyAsDouble(picks);
    }
    Arrays.sort(values);
    return new Bounds(values[tail() - 1], values[resamples - tail() - 1]);
  }

  /**
   * Σ values[i] over a resample's picks; 0 when it is within rounding of 0 against the largest
   * value of {@code values} (found once, not per resample), so a bound that is 0 is stored as 0.
   */
  static ToDoubleFunction<int[]> sum(double[] values) {
    double rounding = ROUNDING * largest(values);
    return picks -> {
      double sum = 0;
      for (int pick : picks) {
        sum += values[pick];
      }
      return Math.abs(sum) <= rounding ? 0 : sum;
    };
  }

  /** The mean of {@code values}, 0 when it is within rounding of 0 as for {@link #sum}. */
  static double mean(double[] values) {
    double mean = Averages.mean(values);
    return Math.abs(mean) <= ROUNDING * largest(values) ? 0 : mean;
  }

  private static double largest(double[] values) {
    double largest = 0;
    for (double v : values) {
      largest = Math.max(largest, Math.abs(v));
    }
    return largest;
  }
}
