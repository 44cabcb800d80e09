package org.reposearcheval.evals.score;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * An estimate and its 95% interval. {@code notInformative} says why the interval says little (too
 * few cases, or nothing for resampling to move); null when it is informative.
 */
public record Interval(double estimate, double ciLow, double ciHigh, String notInformative) {

  /** The standard normal quantile for {@link Inference#CONFIDENCE}: Φ⁻¹(0.975). */
  private static final double Z = 1.959963984540054;

  public boolean informative() {
    return notInformative == null;
  }

  /**
   * Percentile bootstrap of the mean of {@code values}: {@link Inference#BOOTSTRAP_RESAMPLES}
   * resamples with replacement from a generator seeded with {@link Inference#SEED}; the interval is
   * the 2.5th and 97.5th percentile of the resampled means (the 250th and the 9,750th of 10,000,
   * sorted, {@link Bootstrap}). A mean within rounding of 0 is 0, so {@code ciLow > 0} means what
   * it says. It is an estimate of the spread, never a test, and says so when it cannot say much:
   * with fewer than {@link Inference#BOOTSTRAP_MIN_CASES} values, or when every value is the same.
   * Null when there are no values.
   */
  public static Interval bootstrapMean(double[] values) {
    if (values.length == 0) {
      return null;
    }
    ToDoubleFunction<int[]> sum = Bootstrap.sum(values);
    Bootstrap.Bounds bounds =
        Bootstrap.percentiles(values.length, picks -> sum.applyAsDouble(picks) / values.length);
    boolean allEqual = Arrays.stream(values).allMatch(v -> v == values[0]);
    String notInformative =
        allEqual
            ? "every case's difference is the same, so resampling cannot move it"
            : values.length < Inference.BOOTSTRAP_MIN_CASES
                ? Numbers.plural(values.length, "case", "cases")
                    + ", fewer than "
                    + Inference.BOOTSTRAP_MIN_CASES
                : null;
    return new Interval(Bootstrap.mean(values), bounds.low(), bounds.high(), notInformative);
  }

  /**
   * Wilson score interval of a proportion, {@code passed} of {@code n}: unlike the textbook normal
   * interval it stays inside [0, 1] and is not empty at 0 or n. Null when n is 0.
   */
  static Interval wilson(int passed, int n) {
    if (n == 0) {
      return null;
    }
    double p = (double) passed / n;
    double z2 = Z * Z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half), null);
  }
}
