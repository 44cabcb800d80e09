package org.reposearcheval.evals.score;

import java.util.Arrays;

/** The mean and the median every summary, statistic and chart uses. */
public final class Averages {
  private Averages() {}

  /**
   * The mean of {@code values} (a compensated sum, as {@code DoubleStream} keeps it); null for
   * none.
   */
  public static Double mean(double[] values) {
    return values.length == 0 ? null : Arrays.stream(values).average().orElseThrow();
  }

  /** The middle value, or the mean of the two middle values; null for none. */
  public static Double median(double[] values) {
    if (values.length == 0) {
      return null;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
