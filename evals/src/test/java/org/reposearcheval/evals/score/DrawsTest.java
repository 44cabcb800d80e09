package org.reposearcheval.evals.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Draws} is {@code java.util.Random}'s {@code nextInt(bound)} draw for draw: every bound the
 * bootstrap uses (1 to 2,000 cases, and larger suites), powers of two (Random's shortcut), bounds
 * just above a power of two and near 2^31 (where the rejection loop redraws most often), with the
 * report's seed and others.
 */
class DrawsTest {
  @Test
  void drawsWhatRandomDrawsForEveryBootstrapSize() {
    for (int n = 1; n <= 2000; n++) {
      assertSameDraws(Inference.SEED, n, 2 * n + 50);
    }
  }

  @Test
  void drawsWhatRandomDrawsAtTheEdgesOfTheRejectionRule() {
    int[] bounds = {
      1 << 12,
      4000,
      4097,
      1 << 20,
      (1 << 30) - 1,
      1 << 30,
      (1 << 30) + 1,
      1_500_000_000,
      Integer.MAX_VALUE - 1,
      Integer.MAX_VALUE
    };
    long[] seeds = {Inference.SEED, 0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x5DEECE66DL};
    for (long seed : seeds) {
      for (int bound : bounds) {
        assertSameDraws(seed, bound, 20_000);
      }
    }
  }

  @Test
  void refusesABoundRandomRefuses() {
    assertThrows(IllegalArgumentException.class, () -> new Draws(1).nextInt(0));
    assertThrows(IllegalArgumentException.class, () -> new Random(1).nextInt(0));
  }

  private static void assertSameDraws(long seed, int bound, int count) {
    Random random = new Random(seed);
    Draws draws = new Draws(seed);
    for (int i = 0; i < count; i++) {
      assertEquals(
          random.nextInt(bound),
          draws.nextInt(bound),
          "seed " + seed + ", bound " + bound + ", draw " + i);
    }
  }
}
