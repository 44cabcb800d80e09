package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each test against a number worked out by hand; the working is in the comment above it. */
class InferenceTest {
  private static final double EPSILON = 1e-9;

  @Test
  void mcnemarWithFiveFlipsOneWayAndNoneBackIsNotSignificant() {
    // 5 discordant pairs, all one way. Under H0 each goes either way with probability 1/2:
    // P(5 of 5) = 1/32; two-sided p = 2/32 = 0.0625 > 0.05.
    double p = Inference.mcnemar(5, 0);

    assertEquals(0.0625, p, EPSILON);
    assertFalse(Inference.significant(p));
  }

  @Test
  void mcnemarWithFiveFlipsOneWayAndOneBack() {
    // 6 discordant pairs, 5 one way: P(X <= 1) for X ~ Bin(6, 1/2) = (1 + 6) / 64;
    // two-sided p = 2 × 7/64 = 14/64 = 0.21875.
    assertEquals(0.21875, Inference.mcnemar(5, 1), EPSILON);
    assertEquals(0.21875, Inference.mcnemar(1, 5), EPSILON);
  }

  @Test
  void mcnemarWithNineFlipsOneWayIsSignificant() {
    // P(9 of 9) = 1/512; two-sided p = 2/512 = 0.00390625 < 0.05.
    double p = Inference.mcnemar(0, 9);

    assertEquals(0.00390625, p, EPSILON);
    assertTrue(Inference.significant(p));
  }

  @Test
  void mcnemarWithoutFlipsHasNothingToTest() {
    assertEquals(1.0, Inference.mcnemar(0, 0), EPSILON);
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
    PairedStatistics.Interval interval = Inference.bootstrapMean(new double[] {1, 0, 0, 0});

    assertEquals(0.25, interval.estimate(), EPSILON);
    assertEquals(0.0, interval.ciLow(), EPSILON);
    assertEquals(0.75, interval.ciHigh(), EPSILON);
    assertEquals("4 cases, fewer than 10", interval.notInformative());
  }

  @Test
  void bootstrapOfEqualValuesIsThatValue() {
    PairedStatistics.Interval interval = Inference.bootstrapMean(new double[] {1, 1, 1});

    assertEquals(1, interval.ciLow(), EPSILON);
    assertEquals(1, interval.ciHigh(), EPSILON);
    assertEquals(
        "every case's difference is the same, so resampling cannot move it",
        interval.notInformative());
  }

  @Test
  void bootstrapIsSeededSoTheSameResultsGiveTheSameInterval() {
    double[] deltas = {1, 0, -1, 1, 1, 0, 0.5, 1, 0, -0.5, 1, 1};

    assertEquals(Inference.bootstrapMean(deltas), Inference.bootstrapMean(deltas.clone()));
    assertNull(Inference.bootstrapMean(new double[0]));
  }

  @Test
  void wilsonIntervalOfNineInTwelve() {
    // p = 0.75, z = 1.959964, z² = 3.841459, n = 12.
    // denominator = 1 + z²/n = 1.320122; centre = (0.75 + z²/24) / 1.320122 = 0.689376;
    // half = z × √(0.75 × 0.25 / 12 + z²/576) / 1.320122 = 1.959964 × 0.149312 / 1.320122
    //      = 0.221682; interval = [0.689376 - 0.221682, 0.689376 + 0.221682] = [0.467695,
    // 0.911058].
    PairedStatistics.Interval interval = Inference.wilson(9, 12);

    assertEquals(0.75, interval.estimate(), EPSILON);
    assertEquals(0.467695, interval.ciLow(), 1e-6);
    assertEquals(0.911058, interval.ciHigh(), 1e-6);
  }

  @Test
  void wilsonIntervalOfAllPassedStillLeavesRoomBelow() {
    // p = 1: centre + half = 1 exactly; centre - half = 1 / (1 + z²/12) = 12 / 15.841459 =
    // 0.757506.
    PairedStatistics.Interval interval = Inference.wilson(12, 12);

    assertEquals(0.757506, interval.ciLow(), 1e-6);
    assertEquals(1.0, interval.ciHigh(), EPSILON);
    assertNull(Inference.wilson(0, 0));
  }
}
