package org.reposearcheval.evals.score;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * The statistical tests behind the report: McNemar's exact test (Apache Commons Statistics'
 * binomial test), Wilcoxon's signed-rank test computed here (exact over the sign patterns of the
 * observed ranks up to {@link #WILCOXON_EXACT_MAX} pairs, a tie-corrected normal approximation
 * above), and Holm's correction, with the settings every test and {@link Interval} is computed
 * with.
 */
public final class Inference {
  /** Differences below this (after Holm's correction) are called significant. */
  public static final double ALPHA = 0.05;

  /** Confidence of every interval. */
  static final double CONFIDENCE = 0.95;

  /** Resamples of the bootstrap; recorded in the report. */
  static final int BOOTSTRAP_RESAMPLES = 10_000;

  /** Seed of the bootstrap, so the same results always give the same report. */
  static final long SEED = 20_261_123L;

  /**
   * Fewer paired cases than this and the bootstrap interval is not informative: a percentile
   * bootstrap over a handful of cases is far narrower than the truth.
   */
  static final int BOOTSTRAP_MIN_CASES = 10;

  /** Up to this many non-zero differences the signed-rank test is exact. */
  public static final int WILCOXON_EXACT_MAX = 50;

  /** How zero differences are treated: dropped before ranking (Wilcox 1945), as R and SciPy do. */
  public static final String ZERO_CONVENTION = "wilcox";

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
   * The fewest flips, all one way and none back, with which McNemar's test reaches {@code alpha}:
   * the smallest k with 2 × (1/2)^k below it (6 at 0.05: 2/64 = 0.031).
   */
  static int mcnemarMinOneWayFlips(double alpha) {
    int k = 1;
    while (mcnemar(k, 0) >= alpha) {
      k++;
    }
    return k;
  }

  /**
   * Of {@code discordant} flips, the fewest that must go one way for McNemar's test to reach {@code
   * alpha}; null when no split of that many flips can.
   */
  static Integer mcnemarFlipsNeeded(int discordant, double alpha) {
    for (int k = (discordant + 1) / 2; k <= discordant; k++) {
      if (discordant > 0 && mcnemar(k, discordant - k) < alpha) {
        return k;
      }
    }
    return null;
  }

  /**
   * Two-sided Wilcoxon signed-rank test of the paired differences {@code x[i] - y[i]}. Zero
   * differences are dropped ({@link #ZERO_CONVENTION}); the rest are ranked by size, ties sharing
   * their mean rank. Up to {@link #WILCOXON_EXACT_MAX} of them the p-value is exact: the share of
   * the 2^n equally likely sign patterns of these very ranks whose positive rank sum lies at least
   * as far from its mean as the observed one. Above, the normal approximation with the variance
   * corrected for ties and a continuity correction. Null when there is nothing to test (no pair, or
   * every difference zero).
   */
  static SignedRank wilcoxon(double[] x, double[] y) {
    double[] d =
        IntStream.range(0, x.length).mapToDouble(i -> x[i] - y[i]).filter(v -> v != 0).toArray();
    int n = d.length;
    if (n == 0) {
      return null;
    }
    // Twice the mid-ranks, so ties (ranks like 2.5) stay whole numbers.
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> Math.abs(d[i])));
    int[] doubledRank = new int[n];
    double tieCorrection = 0;
    for (int start = 0; start < n; ) {
      int end = start;
      while (end + 1 < n && Math.abs(d[order[end + 1]]) == Math.abs(d[order[start]])) {
        end++;
      }
      int t = end - start + 1;
      tieCorrection += (double) t * t * t - t;
      for (int i = start; i <= end; i++) {
        doubledRank[order[i]] = start + 1 + end + 1; // 2 × the mean of ranks start+1 … end+1
      }
      start = end + 1;
    }
    int total = n * (n + 1); // sum of the doubled ranks
    int positive = 0;
    for (int i = 0; i < n; i++) {
      if (d[i] > 0) {
        positive += doubledRank[i];
      }
    }
    int observedDistance = Math.abs(2 * positive - total);
    if (n <= WILCOXON_EXACT_MAX) {
      double[] probability = new double[total + 1];
      probability[0] = 1;
      int reach = 0;
      for (int r : doubledRank) {
        for (int s = reach; s >= 0; s--) {
          double p = probability[s] / 2;
          probability[s] = p;
          probability[s + r] += p;
        }
        reach += r;
      }
      double p = 0;
      for (int s = 0; s <= total; s++) {
        if (Math.abs(2 * s - total) >= observedDistance) {
          p += probability[s];
        }
      }
      return new SignedRank(n, Math.min(1, p), true);
    }
    double mean = n * (n + 1) / 4.0;
    double variance = n * (n + 1) * (2.0 * n + 1) / 24 - tieCorrection / 48;
    double z = Math.max(0, Math.abs(positive / 2.0 - mean) - 0.5) / Math.sqrt(variance);
    double p = 2 * NormalDistribution.of(0, 1).survivalProbability(z);
    return new SignedRank(n, Math.min(1, p), false);
  }

  /**
   * A signed-rank test's outcome: {@code pairs} non-zero differences, the two-sided p-value, and
   * whether it is exact.
   */
  record SignedRank(int pairs, double pValue, boolean exact) {
    String test() {
      return exact ? "wilcoxon-signed-rank-exact" : "wilcoxon-signed-rank-normal";
    }
  }

  /**
   * Whether a signed-rank test on {@code pairs} non-zero differences can reach {@code alpha} at
   * all: exactly, its smallest p-value is 2 × (1/2)^n (every sign the same), so 6 pairs at 0.05.
   */
  static boolean wilcoxonCanReach(int pairs, double alpha) {
    return pairs > WILCOXON_EXACT_MAX || 2 * Math.pow(0.5, pairs) < alpha;
  }

  /** The fewest differing pairs with which the exact signed-rank test can reach {@code alpha}. */
  static int wilcoxonMinPairs(double alpha) {
    int n = 1;
    while (!wilcoxonCanReach(n, alpha)) {
      n++;
    }
    return n;
  }

  /**
   * Holm's step-down correction of one family of p-values, returned in their order: the i-th
   * smallest becomes the largest of (m − j + 1) × p_(j) over j ≤ i, at most 1. A test is then
   * significant when its adjusted p-value is below α, which controls the chance of any false
   * finding in the family at α.
   */
  static double[] holm(double[] p) {
    int m = p.length;
    Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    double[] adjusted = new double[m];
    double running = 0;
    for (int j = 0; j < m; j++) {
      running = Math.max(running, Math.min(1, (m - j) * p[order[j]]));
      adjusted[order[j]] = running;
    }
    return adjusted;
  }

  /** True when {@code pValue} is below {@link #ALPHA}. */
  static boolean significant(Double pValue) {
    return pValue != null && pValue < ALPHA;
  }
}
