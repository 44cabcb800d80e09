package org.reposearcheval.evals.score;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The statistical tests behind the report, computed here: McNemar's exact test (a sum of binomial
 * coefficients in integers, rounded once), Wilcoxon's signed-rank test (exact over the sign
 * patterns of the observed ranks up to {@link #WILCOXON_EXACT_MAX} pairs, a tie-corrected normal
 * approximation above), and Holm's correction, with the settings every test and {@link Interval} is
 * computed with. No library test decides anything: Commons Statistics' binomial test leaves out the
 * mirror-image tail at p = 1/2 for some splits (McNemar 5 against 14: 0.0414 instead of 0.0636).
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
   * McNemar's exact test: the two-sided binomial test of {@code armOnly} against {@code
   * baselineOnly} discordant pairs at probability 1/2, min(1, 2·P(X ≤ min(b, c))) for X ~
   * Binomial(b + c, 1/2) — the same whichever arm is which. No discordant pair: nothing to test, p
   * = 1.
   */
  static double mcnemar(int armOnly, int baselineOnly) {
    return binomialTwoSided(armOnly + baselineOnly, Math.min(armOnly, baselineOnly));
  }

  /**
   * min(1, 2·P(X ≤ k)) for X ~ Binomial(n, 1/2), {@code k} the smaller side: 2·Σ_{i ≤ k} C(n, i) /
   * 2^n summed in integers and rounded to a double once.
   */
  static double binomialTwoSided(int n, int k) {
    if (2 * k >= n) {
      return 1.0; // the smaller side holds at least half of the mass: 2·P ≥ 1
    }
    BigInteger term = BigInteger.ONE;
    BigInteger sum = BigInteger.ONE;
    for (int i = 0; i < k; i++) {
      term = term.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
      sum = sum.add(term);
    }
    return overPowerOfTwo(sum, n - 1);
  }

  /** {@code numerator} / 2^{@code power} as the nearest double (to 2^-99 before rounding). */
  private static double overPowerOfTwo(BigInteger numerator, int power) {
    int shift = Math.max(0, numerator.bitLength() - 100);
    return Math.scalb(numerator.shiftRight(shift).doubleValue(), shift - power);
  }

  /**
   * The fewest flips, all one way and none back, with which McNemar's test reaches {@code alpha}:
   * the smallest k with 2 × (1/2)^k below it (6 at 0.05: 2/64 = 0.031; 7 at 0.05/3: 2/128 =
   * 0.0156).
   */
  static int mcnemarMinOneWayFlips(double alpha) {
    int k = 1;
    while (binomialTwoSided(k, 0) >= alpha) {
      k++;
    }
    return k;
  }

  /**
   * Of {@code discordant} flips, the fewest that must go one way for McNemar's test to reach {@code
   * alpha}: n − k for the largest k with 2·P(X ≤ k) below it, the tail summed once; null when no
   * split of that many flips can.
   */
  static Integer mcnemarFlipsNeeded(int discordant, double alpha) {
    BigInteger term = BigInteger.ONE;
    BigInteger sum = BigInteger.ZERO;
    Integer needed = null;
    for (int k = 0; 2 * k < discordant; k++) {
      if (k > 0) {
        term = term.multiply(BigInteger.valueOf(discordant - k + 1)).divide(BigInteger.valueOf(k));
      }
      sum = sum.add(term);
      if (overPowerOfTwo(sum, discordant - 1) >= alpha) {
        break;
      }
      needed = discordant - k;
    }
    return needed;
  }

  /**
   * The smallest p-value a test on {@code n} pairs can give, every one of them the same way: 2 ×
   * (1/2)^n for McNemar's test on n flips and for the exact signed-rank test on n differing pairs;
   * 1 with none.
   */
  static double smallestPValue(int n) {
    return n == 0 ? 1.0 : Math.min(1, Math.scalb(1.0, 1 - n));
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
    if (n <= WILCOXON_EXACT_MAX) {
      return new SignedRank(n, signedRankP(signedRankDistribution(doubledRank), positive), true);
    }
    double mean = n * (n + 1) / 4.0;
    double variance = n * (n + 1) * (2.0 * n + 1) / 24 - tieCorrection / 48;
    double z = Math.max(0, Math.abs(positive / 2.0 - mean) - 0.5) / Math.sqrt(variance);
    double p = 2 * NormalDistribution.of(0, 1).survivalProbability(z);
    return new SignedRank(n, Math.min(1, p), false);
  }

  /**
   * The null distribution of the positive rank sum for these (doubled) ranks: entry s is the share
   * of the 2^n equally likely sign patterns whose doubled positive rank sum is s. Each rank halves
   * the mass and moves one half up by the rank. Every entry, and every partial sum of entries, is a
   * whole number of 2^-n no larger than 1, which a double holds exactly up to n = 53: the exact
   * p-value ({@link #WILCOXON_EXACT_MAX} pairs at most) involves no rounding at all.
   */
  static double[] signedRankDistribution(int[] doubledRank) {
    int total = Arrays.stream(doubledRank).sum();
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
    return probability;
  }

  /**
   * The two-sided exact p-value of a doubled positive rank sum {@code positive} under {@code
   * distribution}: the mass at least as far from the mean as it, at most 1.
   */
  static double signedRankP(double[] distribution, int positive) {
    int total = distribution.length - 1;
    int observedDistance = Math.abs(2 * positive - total);
    double p = 0;
    for (int s = 0; s <= total; s++) {
      if (Math.abs(2 * s - total) >= observedDistance) {
        p += distribution[s];
      }
    }
    return Math.min(1, p);
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
    return pairs > WILCOXON_EXACT_MAX || smallestPValue(pairs) < alpha;
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

  /**
   * Which tests of one family could reach {@code alpha} after Holm's correction whatever their
   * data, given the smallest p-value each can give ({@link #smallestPValue}): Holm's adjusted
   * p-values only grow with any p-value of the family, so a test can reach α at all exactly when it
   * does with every test of the family at its smallest. Six differing cases (smallest p 2/64) in a
   * family of nine such tests: 9 × 0.03125 = 0.28 at the first step, nothing can.
   */
  static boolean[] holmReachable(double[] smallest, double alpha) {
    double[] adjusted = holm(smallest);
    boolean[] reachable = new boolean[smallest.length];
    for (int i = 0; i < smallest.length; i++) {
      reachable[i] = adjusted[i] < alpha;
    }
    return reachable;
  }

  /** True when {@code pValue} is below {@link #ALPHA}. */
  static boolean significant(Double pValue) {
    return pValue != null && pValue < ALPHA;
  }
}
