package org.reposearcheval.evals.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The exact sign-flip test on per-case pass-rate differences ({@code --runs auto}). */
class SignFlipTest {

  @Test
  void handDerivedPValues() {
    // Differences 1, 3/5, 1 (one run each; 4 of 5 against 1 of 5; one run each), scaled by 5:
    // 5, 3, 5. The 8 sign patterns sum to ±13, ±7, ±3, ±3; observed 13: 2 of 8 at |s| >= 13.
    assertEquals(
        0.25,
        SignFlip.test(
            new int[] {1, 4, 1}, new int[] {1, 5, 1}, new int[] {0, 1, 0}, new int[] {1, 5, 1}));
    // Differences 1, -3/5, 1: observed 7; |s| >= 7 for 13, 7, -7, -13: 4 of 8.
    assertEquals(
        0.5,
        SignFlip.test(
            new int[] {1, 1, 1}, new int[] {1, 5, 1}, new int[] {0, 4, 0}, new int[] {1, 5, 1}));
    // Six cases all one way, one run each: 2 / 64, McNemar's 6-0.
    int[] ones = {1, 1, 1, 1, 1, 1};
    int[] zeros = {0, 0, 0, 0, 0, 0};
    assertEquals(2.0 / 64, SignFlip.test(ones, ones, zeros, ones));
    // No case differs: nothing is as far from 0 as nothing, p = 1.
    assertEquals(1.0, SignFlip.test(ones, ones, ones, ones));
  }

  @Test
  void withOneRunPerArmItIsMcNemarsExactTest() {
    Random random = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(30);
      int[] arm = new int[n];
      int[] base = new int[n];
      int[] runs = new int[n];
      int armOnly = 0;
      int baseOnly = 0;
      for (int i = 0; i < n; i++) {
        arm[i] = random.nextInt(2);
        base[i] = random.nextInt(2);
        runs[i] = 1;
        armOnly += arm[i] > base[i] ? 1 : 0;
        baseOnly += base[i] > arm[i] ? 1 : 0;
      }
      assertEquals(
          Inference.mcnemar(armOnly, baseOnly),
          SignFlip.test(arm, runs, base, runs),
          1e-12,
          "n " + n + ", " + armOnly + " to " + baseOnly);
    }
  }

  @Test
  void agreesWithEveryOneOfTheSignPatternsCounted() {
    Random random = new Random(5);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + random.nextInt(12);
      int[] armPassed = new int[n];
      int[] armRuns = new int[n];
      int[] basePassed = new int[n];
      int[] baseRuns = new int[n];
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        armRuns[i] = 1 + random.nextInt(5);
        baseRuns[i] = 1 + random.nextInt(5);
        armPassed[i] = random.nextInt(armRuns[i] + 1);
        basePassed[i] = random.nextInt(baseRuns[i] + 1);
        d[i] = (double) armPassed[i] / armRuns[i] - (double) basePassed[i] / baseRuns[i];
      }
      // Brute force: every one of the 2^n patterns, in doubles with a tolerance for ties.
      double observed = Math.abs(sum(d, -1));
      int far = 0;
      for (int pattern = 0; pattern < 1 << n; pattern++) {
        if (Math.abs(sum(d, pattern)) >= observed - 1e-9) {
          far++;
        }
      }
      assertEquals(
          (double) far / (1 << n), SignFlip.test(armPassed, armRuns, basePassed, baseRuns), 1e-12);
    }
  }

  @Test
  void givesUpRatherThanAllocateBeyondItsBound() {
    // Run counts whose least common multiple passes the bound.
    int[] runs = {4_000_037, 4_000_049};
    assertNull(SignFlip.test(new int[] {1, 1}, runs, new int[] {0, 0}, runs));
  }

  /** The sum of {@code d} with the signs of {@code pattern}'s bits (-1: all positive). */
  private static double sum(double[] d, int pattern) {
    double s = 0;
    for (int i = 0; i < d.length; i++) {
      s += (pattern == -1 || (pattern >> i & 1) == 0) ? d[i] : -d[i];
    }
    return s;
  }
}
