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
      Cases cases = Cases.random(random, 30, 1);
      int armOnly = 0;
      int baseOnly = 0;
      for (int i = 0; i < cases.size(); i++) {
        armOnly += cases.armPassed[i] > cases.basePassed[i] ? 1 : 0;
        baseOnly += cases.basePassed[i] > cases.armPassed[i] ? 1 : 0;
      }
      assertEquals(
          Inference.mcnemar(armOnly, baseOnly),
          cases.test(),
          1e-12,
          "n " + cases.size() + ", " + armOnly + " to " + baseOnly);
    }
  }

  @Test
  void agreesWithEveryOneOfTheSignPatternsCounted() {
    Random random = new Random(5);
    for (int trial = 0; trial < 300; trial++) {
      Cases cases = Cases.random(random, 12, 5);
      int n = cases.size();
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        d[i] =
            (double) cases.armPassed[i] / cases.armRuns[i]
                - (double) cases.basePassed[i] / cases.baseRuns[i];
      }
      // Brute force: every one of the 2^n patterns, in doubles with a tolerance for ties.
      double observed = Math.abs(sum(d, -1));
      int far = 0;
      for (int pattern = 0; pattern < 1 << n; pattern++) {
        if (Math.abs(sum(d, pattern)) >= observed - 1e-9) {
          far++;
        }
      }
      assertEquals((double) far / (1 << n), cases.test(), 1e-12);
    }
  }

  /** Per case, the passes and runs of the arm and of the baseline. */
  private record Cases(int[] armPassed, int[] armRuns, int[] basePassed, int[] baseRuns) {
    /**
     * 1 to {@code maxCases} cases, each arm run 1 to {@code maxRuns} times, any passes of those.
     */
    static Cases random(Random random, int maxCases, int maxRuns) {
      int n = 1 + random.nextInt(maxCases);
      Cases cases = new Cases(new int[n], new int[n], new int[n], new int[n]);
      for (int i = 0; i < n; i++) {
        cases.armRuns[i] = 1 + random.nextInt(maxRuns);
        cases.baseRuns[i] = 1 + random.nextInt(maxRuns);
        cases.armPassed[i] = random.nextInt(cases.armRuns[i] + 1);
        cases.basePassed[i] = random.nextInt(cases.baseRuns[i] + 1);
      }
      return cases;
    }

    int size() {
      return armRuns.length;
    }

    Double test() {
      return SignFlip.test(armPassed, armRuns, basePassed, baseRuns);
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
