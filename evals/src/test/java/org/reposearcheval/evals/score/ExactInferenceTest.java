package org.reposearcheval.evals.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tests that decide, checked over their whole small-sample range against exact integer
 * arithmetic written here from scratch (Pascal's triangle, counts of sign patterns), in both
 * directions: not a handful of vectors.
 */
class ExactInferenceTest {
  private static final int MCNEMAR_MAX = 200;

  /** Row n of Pascal's triangle, by additions only, for n ≤ {@link #MCNEMAR_MAX}. */
  private static final BigInteger[][] PASCAL = pascal(MCNEMAR_MAX);

  private static BigInteger[][] pascal(int max) {
    BigInteger[][] rows = new BigInteger[max + 1][];
    for (int n = 0; n <= max; n++) {
      rows[n] = new BigInteger[n + 1];
      rows[n][0] = BigInteger.ONE;
      rows[n][n] = BigInteger.ONE;
      for (int i = 1; i < n; i++) {
        rows[n][i] = rows[n - 1][i - 1].add(rows[n - 1][i]);
      }
    }
    return rows;
  }

  /** The exact two-sided p of b against c, as the numerator over 2^(b + c). */
  private static BigInteger mcnemarNumerator(int b, int c) {
    int n = b + c;
    BigInteger tail = BigInteger.ZERO;
    for (int i = 0; i <= Math.min(b, c); i++) {
      tail = tail.add(PASCAL[n][i]);
    }
    BigInteger twice = tail.shiftLeft(1);
    BigInteger all = BigInteger.ONE.shiftLeft(n);
    return twice.min(all);
  }

  /** numerator / 2^n, exact as a decimal (division by a power of two terminates). */
  private static BigDecimal exact(BigInteger numerator, int n) {
    return new BigDecimal(numerator).divide(new BigDecimal(BigInteger.ONE.shiftLeft(n)));
  }

  /** Exactly below 1/20: 20 × numerator < 2^n. */
  private static boolean belowOneTwentieth(BigInteger numerator, int n) {
    return numerator.multiply(BigInteger.valueOf(20)).compareTo(BigInteger.ONE.shiftLeft(n)) < 0;
  }

  @Test
  void mcnemarEqualsExactArithmeticForEverySplitUpTo200FlipsBothWays() {
    int splits = 0;
    for (int n = 0; n <= MCNEMAR_MAX; n++) {
      for (int b = 0; b <= n; b++) {
        int c = n - b;
        double p = Inference.mcnemar(b, c);
        BigInteger numerator = mcnemarNumerator(b, c);
        double expected = exact(numerator, n).doubleValue();
        String split = "(" + b + ", " + c + ")";
        assertEquals(expected, p, Math.ulp(expected), split);
        assertEquals(p, Inference.mcnemar(c, b), 0.0, split + " the other way round");
        assertEquals(belowOneTwentieth(numerator, n), p < Inference.ALPHA, split + " at 0.05");
        splits++;
      }
    }
    assertEquals(201 * 202 / 2, splits);
  }

  @Test
  void theSplitsALibraryTestGotWrongByName() {
    // (5, 14): 2 × (C(19,0) + … + C(19,5)) / 2^19 = 2 × (1 + 19 + 171 + 969 + 3876 + 11628) /
    // 524288 = 33328 / 524288 = 0.063568: not significant (the library printed 0.0414).
    assertEquals(33_328.0 / 524_288, Inference.mcnemar(5, 14), 1e-15);
    assertEquals(33_328.0 / 524_288, Inference.mcnemar(14, 5), 1e-15);
    assertFalse(Inference.significant(Inference.mcnemar(5, 14)));
    // b = c + 1 or b = c: the smaller tail holds at least half the mass, p = 1.
    assertEquals(1.0, Inference.mcnemar(2, 1));
    assertEquals(1.0, Inference.mcnemar(10, 11));
    int[][] decisionsItChanged = {{5, 14}, {20, 35}, {45, 28}, {47, 29}, {31, 49}, {60, 40}};
    for (int[] split : decisionsItChanged) {
      int b = split[0];
      int c = split[1];
      boolean exactlyBelow = belowOneTwentieth(mcnemarNumerator(b, c), b + c);
      assertEquals(exactlyBelow, Inference.significant(Inference.mcnemar(b, c)), b + " vs " + c);
      assertEquals(exactlyBelow, Inference.significant(Inference.mcnemar(c, b)), c + " vs " + b);
    }
  }

  @Test
  void flipsNeededIsTheSmallestOneWaySplitThatReachesAlphaForEveryCountUpTo200() {
    // Brute force over the exact splits, at α and at the strictest steps of Holm over 2 and 3.
    for (double alpha : new double[] {0.05, 0.05 / 2, 0.05 / 3, 0.01}) {
      for (int n = 0; n <= MCNEMAR_MAX; n++) {
        Integer expected = null;
        for (int k = (n + 1) / 2; k <= n && n > 0; k++) {
          BigDecimal p = exact(mcnemarNumerator(k, n - k), n);
          if (p.compareTo(new BigDecimal(alpha)) < 0) {
            expected = k;
            break;
          }
        }
        assertEquals(expected, Inference.mcnemarFlipsNeeded(n, alpha), n + " flips at " + alpha);
      }
    }
    // 73 flips: 27 the other way give 2·P(X ≤ 27) = 0.0344 < 0.05 (46 one way), 28 give 0.0604.
    assertEquals(46, Inference.mcnemarFlipsNeeded(73, 0.05));
    // The strictest step of Holm over 3 tests: 2/128 = 0.0156 < 0.0167 <= 2/64.
    assertEquals(7, Inference.mcnemarMinOneWayFlips(0.05 / 3));
  }

  @Test
  void exactSignedRankEqualsCountsOfSignPatternsForEveryRankSumUpTo50Pairs() {
    for (int n = 1; n <= Inference.WILCOXON_EXACT_MAX; n++) {
      int[] doubled = new int[n];
      for (int i = 0; i < n; i++) {
        doubled[i] = 2 * (i + 1);
      }
      assertSignedRankExact(doubled);
    }
  }

  @Test
  void exactSignedRankWithTiedMidRanksEqualsCountsOfSignPatterns() {
    Random random = new Random(3);
    for (int trial = 0; trial < 150; trial++) {
      int n = 1 + random.nextInt(Inference.WILCOXON_EXACT_MAX);
      double[] size = new double[n];
      for (int i = 0; i < n; i++) {
        size[i] = 1 + random.nextInt(1 + random.nextInt(8));
      }
      assertSignedRankExact(doubledMidRanks(size));
    }
  }

  /** 2 × the mid-rank of each absolute difference, ties sharing theirs. */
  private static int[] doubledMidRanks(double[] size) {
    int[] doubled = new int[size.length];
    for (int i = 0; i < size.length; i++) {
      int below = 0;
      int same = 0;
      for (double other : size) {
        below += other < size[i] ? 1 : 0;
        same += other == size[i] ? 1 : 0;
      }
      doubled[i] = 2 * below + same + 1;
    }
    return doubled;
  }

  /**
   * For every reachable doubled positive rank sum: the p-value equals (patterns at least as far
   * from the mean) / 2^n, counted in integers, with no rounding at all; and the sum's mirror image
   * gives the same p.
   */
  private static void assertSignedRankExact(int[] doubled) {
    int n = doubled.length;
    int total = Arrays.stream(doubled).sum();
    BigInteger[] count = new BigInteger[total + 1];
    Arrays.fill(count, BigInteger.ZERO);
    count[0] = BigInteger.ONE;
    for (int r : doubled) {
      for (int s = total - r; s >= 0; s--) {
        count[s + r] = count[s + r].add(count[s]);
      }
    }
    double[] distribution = Inference.signedRankDistribution(doubled);
    for (int w = 0; w <= total; w++) {
      if (count[w].signum() == 0) {
        continue;
      }
      BigInteger extreme = BigInteger.ZERO;
      for (int s = 0; s <= total; s++) {
        if (Math.abs(2 * s - total) >= Math.abs(2 * w - total)) {
          extreme = extreme.add(count[s]);
        }
      }
      double expected = exact(extreme.min(BigInteger.ONE.shiftLeft(n)), n).doubleValue();
      String what = Arrays.toString(doubled) + " W+ = " + w;
      assertEquals(expected, Inference.signedRankP(distribution, w), 0.0, what);
      assertEquals(expected, Inference.signedRankP(distribution, total - w), 0.0, what);
    }
  }

  @Test
  void holmSaysWhichTestsCouldReachAlphaWhateverTheData() {
    // Nine tests on 6 differing cases each: smallest p 2/64 = 0.03125; Holm's first step
    // 9 × 0.03125 = 0.28 >= 0.05, so none can.
    double six = Inference.smallestPValue(6);
    double[] nine = new double[9];
    Arrays.fill(nine, six);
    assertArrayEquals(new boolean[9], Inference.holmReachable(nine, 0.05));
    // The same 6-case test beside two on 10 cases (2/1024 = 0.00195): sorted 0.00195 × 3 =
    // 0.00586, 0.00195 × 2 → 0.00586, 0.03125 × 1 → 0.03125: all three can, the 6-case test
    // only because the others can be that small first.
    double ten = Inference.smallestPValue(10);
    assertArrayEquals(
        new boolean[] {true, true, true},
        Inference.holmReachable(new double[] {six, ten, ten}, 0.05));
    // Two tests on 6 cases: 2 × 0.03125 = 0.0625: neither.
    assertArrayEquals(
        new boolean[] {false, false}, Inference.holmReachable(new double[] {six, six}, 0.05));
    assertEquals(1.0, Inference.smallestPValue(0));
    assertEquals(1.0, Inference.smallestPValue(1));
  }

  @Test
  void theBootstrapTakesThe250thAndThe9750thOf10000() {
    // Values whose resample means rarely tie, so the 250th and the 251st differ; the same
    // resamples drawn here (one nextInt(n) per pick, in order, from the report's seed).
    double[] values = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048};
    double[] means = sortedResampleMeans(values);
    assertNotEquals(means[249], means[250], "the data must tell the 250th from the 251st");
    assertNotEquals(means[9749], means[9750], "the data must tell the 9,750th from the 9,751st");

    Interval interval = Interval.bootstrapMean(values);

    assertEquals(250, Bootstrap.tail());
    assertEquals(means[249], interval.ciLow());
    assertEquals(means[9749], interval.ciHigh());
  }

  @Test
  void aBoundThatIsZeroIsStoredAsZero() {
    // Thirds do not add up in doubles: 1/3 + 2/3 − 1 = −1.1e-16. Over these ten pass@1 deltas
    // the 250th resample mean, summed plainly, is −5.55e-18 (the control below); it is 0.
    double third = 1.0 / 3;
    double[] deltas = {0, third, third, 1, 2 * third, -1, 2 * third, 1, 0, 1};
    double[] plain = sortedResampleMeans(deltas);
    assertTrue(plain[249] != 0 && Math.abs(plain[249]) < 1e-15, "control: " + plain[249]);

    Interval interval = Interval.bootstrapMean(deltas);

    assertEquals(0.0, interval.ciLow(), 0.0);
    assertEquals(0, Double.compare(0.0, interval.ciLow()), "not −0.0 either");
  }

  /**
   * The 10,000 bootstrap resample means of {@code values}, sorted, drawn here as the report draws
   * them (one nextInt(n) per pick, in order, from the report's seed) and summed plainly.
   */
  private static double[] sortedResampleMeans(double[] values) {
    Random random = new Random(Inference.SEED);
    double[] means = new double[10_000];
    for (int b = 0; b < means.length; b++) {
      double sum = 0;
      for (int i = 0; i < values.length; i++) {
        sum += values[random.nextInt(values.length)];
      }
      means[b] = sum / values.length;
    }
    Arrays.sort(means);
    return means;
  }
}
