package org.reposearcheval.evals;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.statistics.inference.BinomialTest;
import org.apache.commons.statistics.inference.WilcoxonSignedRankTest;

/**
 * The statistical tests behind the report, each a thin layer over Apache Commons Statistics or a
 * formula short enough to check by hand.
 */
final class Inference {
  /** Differences below this are not called significant. */
  static final double ALPHA = 0.05;

  /** Confidence of every interval. */
  static final double CONFIDENCE = 0.95;

  /** Resamples of the bootstrap; recorded in the report. */
  static final int BOOTSTRAP_RESAMPLES = 10_000;

  /** Seed of the bootstrap, so the same results always give the same report. */
  static final long SEED = 20_261_123L;

  /** The standard normal quantile for {@link #CONFIDENCE}: Φ⁻¹(0.975). */
  private static final double Z = 1.959963984540054;

  private Inference() {}

  /**
   * McNemar's exact test: two-sided binomial test of {@code armOnly} successes in {@code armOnly +
   * baselineOnly} discordant pairs at probability 1/2. No discordant pair: nothing to test, p = 1.
   */
  static double mcnemar(int armOnly, int baselineOnly) {
    int discordant = armOnly + baselineOnly;
    return discordant == 0
        ? 1.0
        : BinomialTest.withDefaults().test(discordant, armOnly, 0.5).getPValue();
  }

  /**
   * Two-sided Wilcoxon signed-rank test of the paired differences {@code x[i] - y[i]}: exact below
   * 50 pairs without ties or zero differences, else the normal approximation with tie and
   * continuity corrections. Null when there is nothing to test (no pair, or all differences zero).
   */
  static Double wilcoxon(double[] x, double[] y) {
    boolean anyDifference = false;
    for (int i = 0; i < x.length; i++) {
      anyDifference |= x[i] != y[i];
    }
    return anyDifference ? WilcoxonSignedRankTest.withDefaults().test(x, y).getPValue() : null;
  }

  /**
   * Percentile bootstrap of the mean of {@code values}: {@link #BOOTSTRAP_RESAMPLES} resamples with
   * replacement from a generator seeded with {@link #SEED}; the interval is the 2.5th and 97.5th
   * percentile of the resampled means (the 250th and the 9,750th of 10,000, sorted). Null when
   * there are no values.
   */
  static PairedStatistics.Interval bootstrapMean(double[] values) {
    if (values.length == 0) {
      return null;
    }
    Random random = new Random(SEED);
    double[] means = new double[BOOTSTRAP_RESAMPLES];
    for (int b = 0; b < means.length; b++) {
      double sum = 0;
      for (int i = 0; i < values.length; i++) {
        sum += values[random.nextInt(values.length)];
      }
      means[b] = sum / values.length;
    }
    Arrays.sort(means);
    double tail = (1 - CONFIDENCE) / 2;
    int low = (int) Math.ceil(tail * means.length) - 1;
    int high = (int) Math.ceil((1 - tail) * means.length) - 1;
    return new PairedStatistics.Interval(mean(values), means[Math.max(0, low)], means[high]);
  }

  /**
   * Wilson score interval of a proportion, {@code passed} of {@code n}: unlike the textbook normal
   * interval it stays inside [0, 1] and is not empty at 0 or n. Null when n is 0.
   */
  static PairedStatistics.Interval wilson(int passed, int n) {
    if (n == 0) {
      return null;
    }
    double p = (double) passed / n;
    double z2 = Z * Z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    return new PairedStatistics.Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** True when {@code pValue} is below {@link #ALPHA}. */
  static boolean significant(Double pValue) {
    return pValue != null && pValue < ALPHA;
  }

  static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }

  static Double median(double[] values) {
    if (values.length == 0) {
      return null;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
