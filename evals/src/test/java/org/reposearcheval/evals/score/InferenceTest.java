package org.reposearcheval.evals.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each test against a number worked out by hand; the working is in the comment above it. */
class InferenceTest {
  private static final double EPSILON = 1e-9;

  @ParameterizedTest(name = "{0} flips one way, {1} back: p = {2}")
  @CsvSource(
      textBlock =
          """
          # 5 discordant pairs, all one way. Under H0 each goes either way with probability 1/2:
          # P(5 of 5) = 1/32; two-sided p = 2/32 = 0.0625 > 0.05.
          5, 0, 0.0625,     false
          # 6 discordant pairs, 5 one way: P(X <= 1) for X ~ Bin(6, 1/2) = (1 + 6) / 64;
          # two-sided p = 2 × 7/64 = 14/64 = 0.21875, either way round.
          5, 1, 0.21875,    false
          1, 5, 0.21875,    false
          # P(9 of 9) = 1/512; two-sided p = 2/512 = 0.00390625 < 0.05.
          0, 9, 0.00390625, true
          # Without flips there is nothing to test.
          0, 0, 1.0,        false
          """)
  void mcnemarAgainstTheBinomialByHand(
      int armOnly, int baseOnly, double expected, boolean significant) {
    double p = Inference.mcnemar(armOnly, baseOnly);

    assertEquals(expected, p, EPSILON);
    assertEquals(significant, Inference.significant(p));
  }

  @Test
  void wilcoxonWhenEveryPairDropsIsTheSmallestExactPValue() {
    // Differences -1 … -5: no ties, no zeros, so the exact null distribution of W+ over the
    // 2^5 = 32 equally likely sign patterns applies. W+ = 0 only for the all-negative pattern:
    // P(W+ <= 0) = 1/32; two-sided p = 2/32 = 0.0625.
    double[] x = {9, 18, 27, 36, 45};
    double[] y = {10, 20, 30, 40, 50};

    assertEquals(new Inference.SignedRank(5, 0.0625, true), Inference.wilcoxon(x, y));
  }

  @Test
  void wilcoxonWithOneSmallPairTheOtherWay() {
    // Differences +1, -2, +3, +4, +5: ranks of |d| are 1…5, W- = 2. Sign patterns with a
    // negative rank sum <= 2: {}, {1}, {2}: 3 of 32. Two-sided p = 2 × 3/32 = 0.1875.
    double[] x = {11, 18, 33, 44, 55};
    double[] y = {10, 20, 30, 40, 50};

    assertEquals(0.1875, Inference.wilcoxon(x, y).pValue(), EPSILON);
  }

  @Test
  void wilcoxonOfIdenticalSamplesHasNothingToTest() {
    assertNull(Inference.wilcoxon(new double[] {1, 2, 3}, new double[] {1, 2, 3}));
    assertNull(Inference.wilcoxon(new double[0], new double[0]));
  }

  @Test
  void bootstrapOfOnePassInFourCases() {
    // Deltas {1, 0, 0, 0}: a resample's mean is k/4 with k ~ Bin(4, 1/4).
    // P(k = 0) = (3/4)^4 = 0.316 > 0.025, so the 2.5th percentile is 0.
    // P(k = 4) = 1/256 = 0.0039 < 0.025 but P(k >= 3) = 13/256 = 0.051 > 0.025, so the 97.5th
    // percentile is 3/4. (Of 10,000 resamples about 39 reach 1 and about 508 reach 3/4 or more,
    // far from the 250 that would move the bound.)
    Interval interval = Interval.bootstrapMean(new double[] {1, 0, 0, 0});

    assertEquals(0.25, interval.estimate(), EPSILON);
    assertEquals(0.0, interval.ciLow(), EPSILON);
    assertEquals(0.75, interval.ciHigh(), EPSILON);
    assertEquals("4 cases, fewer than 10", interval.notInformative());
  }

  @Test
  void bootstrapOfEqualValuesIsThatValue() {
    Interval interval = Interval.bootstrapMean(new double[] {1, 1, 1});

    assertEquals(1, interval.ciLow(), EPSILON);
    assertEquals(1, interval.ciHigh(), EPSILON);
    assertEquals(
        "every case's difference is the same, so resampling cannot move it",
        interval.notInformative());
  }

  @Test
  void bootstrapIsSeededSoTheSameResultsGiveTheSameInterval() {
    double[] deltas = {1, 0, -1, 1, 1, 0, 0.5, 1, 0, -0.5, 1, 1};

    assertEquals(Interval.bootstrapMean(deltas), Interval.bootstrapMean(deltas.clone()));
    assertNull(Interval.bootstrapMean(new double[0]));
  }

  @Test
  void wilsonIntervalOfNineInTwelve() {
    // p = 0.75, z = 1.959964, z² = 3.841459, n = 12.
    // denominator = 1 + z²/n = 1.320122; centre = (0.75 + z²/24) / 1.320122 = 0.689376;
    // half = z × √(0.75 × 0.25 / 12 + z²/576) / 1.320122 = 1.959964 × 0.149312 / 1.320122
    //      = 0.221682; interval = [0.689376 - 0.221682, 0.689376 + 0.221682] = [0.467695,
    // 0.911058].
    Interval interval = Interval.wilson(9, 12);

    assertEquals(0.75, interval.estimate(), EPSILON);
    assertEquals(0.467695, interval.ciLow(), 1e-6);
    assertEquals(0.911058, interval.ciHigh(), 1e-6);
  }

  @Test
  void wilsonIntervalOfAllPassedStillLeavesRoomBelow() {
    // p = 1: centre + half = 1 exactly; centre - half = 1 / (1 + z²/12) = 12 / 15.841459 =
    // 0.757506.
    Interval interval = Interval.wilson(12, 12);

    assertEquals(0.757506, interval.ciLow(), 1e-6);
    assertEquals(1.0, interval.ciHigh(), EPSILON);
    assertNull(Interval.wilson(0, 0));
  }

  @Test
  void wilcoxonWithZerosAndTiesDropsTheZerosAndEnumeratesTheTiedRanks() {
    // Differences 0, 0, +1, +1, −2, +3, +3, +3. Zeros dropped (Wilcox): n = 6.
    // |d| = 1, 1, 2, 3, 3, 3 → mid-ranks 1.5, 1.5, 3, 5, 5, 5 (sum 21, mean of W+ 10.5).
    // W+ = 1.5 + 1.5 + 5 + 5 + 5 = 18, 7.5 above the mean. Sign patterns as far out: W+ <= 3 or
    // W+ >= 18. Subsets of {1.5, 1.5, 3, 5, 5, 5} summing to <= 3: {}, {1.5}, {1.5'}, {1.5,
    // 1.5'}, {3}: 5; by symmetry 5 sum to >= 18. p = 10/64 = 0.15625.
    double[] x = {5, 7, 8, 9, 8, 13, 14, 15};
    double[] y = {5, 7, 7, 8, 10, 10, 11, 12};

    Inference.SignedRank test = Inference.wilcoxon(x, y);

    assertEquals(6, test.pairs());
    assertTrue(test.exact());
    assertEquals(0.15625, test.pValue(), EPSILON);
  }

  @Test
  void exactWilcoxonMatchesBruteForceOverEverySignPattern() {
    // Small samples drawn from few values, so ties and zeros are common; the p-value is checked
    // against a count over all 2^n sign patterns of the mid-ranks, computed here from scratch.
    java.util.Random random = new java.util.Random(7);
    for (int trial = 0; trial < 400; trial++) {
      int n = 1 + random.nextInt(14);
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = random.nextInt(5);
        y[i] = random.nextInt(5);
      }
      Double expected = bruteForceWilcoxon(x, y);
      Inference.SignedRank actual = Inference.wilcoxon(x, y);
      if (expected == null) {
        assertNull(actual);
      } else {
        assertEquals(
            expected,
            actual.pValue(),
            1e-12,
            java.util.Arrays.toString(x) + " vs " + java.util.Arrays.toString(y));
      }
    }
  }

  /** Two-sided p by enumerating the sign patterns of the non-zero differences' mid-ranks. */
  private static Double bruteForceWilcoxon(double[] x, double[] y) {
    java.util.List<Double> d = new java.util.ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (x[i] != y[i]) {
        d.add(x[i] - y[i]);
      }
    }
    int n = d.size();
    if (n == 0) {
      return null;
    }
    double[] rank = new double[n];
    for (int i = 0; i < n; i++) {
      int below = 0;
      int same = 0;
      for (int j = 0; j < n; j++) {
        if (Math.abs(d.get(j)) < Math.abs(d.get(i))) {
          below++;
        } else if (Math.abs(d.get(j)) == Math.abs(d.get(i))) {
          same++;
        }
      }
      rank[i] = below + (same + 1) / 2.0;
    }
    double total = n * (n + 1) / 2.0;
    double observed = 0;
    for (int i = 0; i < n; i++) {
      observed += d.get(i) > 0 ? rank[i] : 0;
    }
    double distance = Math.abs(observed - total / 2);
    int extreme = 0;
    for (int pattern = 0; pattern < 1 << n; pattern++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += (pattern >> i & 1) == 1 ? rank[i] : 0;
      }
      if (Math.abs(sum - total / 2) >= distance - 1e-9) {
        extreme++;
      }
    }
    return Math.min(1, (double) extreme / (1 << n));
  }

  @Test
  void aboveFiftyPairsTheNormalApproximationWithContinuityCorrection() {
    // Differences −1 … −40, +41 … +60: n = 60, W+ = 41 + … + 60 = 1830 − 820 = 1010.
    // Mean 60·61/4 = 915; variance 60·61·121/24 = 18452.5; no ties.
    // z = (1010 − 915 − 0.5) / √18452.5 = 94.5 / 135.8400 = 0.695671;
    // p = 2·(1 − Φ(z)) = erfc(z/√2) = 0.486635 (Python: math.erfc(0.695671 / math.sqrt(2))).
    double[] x = new double[60];
    double[] y = new double[60];
    for (int i = 0; i < 60; i++) {
      x[i] = i < 40 ? -(i + 1) : i + 1;
    }

    Inference.SignedRank test = Inference.wilcoxon(x, y);

    assertFalse(test.exact());
    assertEquals(0.486635, test.pValue(), 1e-6);
  }

  @Test
  void holmAdjustsEachFamilyStepDown() {
    // p = 0.01, 0.04, 0.03, 0.005. Sorted: 0.005 × 4 = 0.02; 0.01 × 3 = 0.03; 0.03 × 2 = 0.06;
    // 0.04 × 1 = 0.04, raised to 0.06 to stay monotone. In the given order: 0.03, 0.06, 0.06,
    // 0.02.
    double[] adjusted = Inference.holm(new double[] {0.01, 0.04, 0.03, 0.005});

    assertEquals(0.03, adjusted[0], EPSILON);
    assertEquals(0.06, adjusted[1], EPSILON);
    assertEquals(0.06, adjusted[2], EPSILON);
    assertEquals(0.02, adjusted[3], EPSILON);
    assertEquals(1.0, Inference.holm(new double[] {0.6, 0.7})[0], EPSILON);
  }

  @Test
  void whatMcNemarCanDetect() {
    // 2 × (1/2)^5 = 0.0625 >= 0.05, 2 × (1/2)^6 = 0.03125 < 0.05: six flips one way.
    // Of 8 flips: 7-1 gives 2 × 9/256 = 0.0703, 8-0 gives 0.0078: all 8 must go one way.
    // Of 10 flips: 9-1 gives 2 × 11/1024 = 0.0215, 8-2 gives 2 × 56/1024 = 0.109: at least 9.
    assertEquals(6, Inference.mcnemarMinOneWayFlips(0.05));
    assertEquals(8, Inference.mcnemarFlipsNeeded(8, 0.05));
    assertEquals(9, Inference.mcnemarFlipsNeeded(10, 0.05));
    assertNull(Inference.mcnemarFlipsNeeded(5, 0.05));
    assertNull(Inference.mcnemarFlipsNeeded(0, 0.05));
    assertFalse(Inference.wilcoxonCanReach(5, 0.05));
    // Exact signed-rank on n differing pairs: at best 2 × (1/2)^n, so 6 at 0.05 and, at 0.01,
    // 8 (2/256 = 0.0078; 7 give 2/128 = 0.0156).
    assertEquals(6, Inference.wilcoxonMinPairs(0.05));
    assertEquals(8, Inference.wilcoxonMinPairs(0.01));
    assertTrue(Inference.wilcoxonCanReach(6, 0.05));
  }

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource(
      textBlock =
          """
          0.0498,   0.0498
          0.0501,   0.0501
          # 0.0500 would read as not below 0.05
          0.049996, 0.049996
          0.03125,  0.0313
          0.21875,  0.219
          1.0,      1.00
          0.5,      0.500
          0.0009,   < 0.001
          """)
  void pValuesPrintSoTheyNeverContradictTheDecision(double p, String printed) {
    assertEquals(printed, Numbers.p(p));
  }

  @Test
  void pValuesNearAlphaNeverPrintOnTheOtherSideOfIt() {
    assertEquals("0.05", Numbers.alpha(0.05));
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 100_000; i++) {
      double p = 0.049 + random.nextDouble() * 0.002;
      assertEquals(p < 0.05, Double.parseDouble(Numbers.p(p)) < 0.05, Double.toString(p));
    }
  }
}
