package org.reposearcheval.evals.score;

/**
 * The draws of {@code new java.util.Random(seed).nextInt(bound)}, the same numbers in the same
 * order, without {@link java.util.Random}'s atomic update of its seed on every draw: the bootstrap
 * draws 10,000 × n of them on one thread, and the compare-and-set was most of the report's CPU
 * (docs/performance.md). The algorithm is the one {@link java.util.Random} specifies (a 48-bit
 * linear congruential generator, Knuth TAOCP 3.2.1, and its {@code nextInt(int)} rejection rule);
 * {@code DrawsTest} checks it against {@link java.util.Random} draw for draw.
 */
final class Draws {
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long ADDEND = 0xBL;
  private static final long MASK = (1L << 48) - 1;

  private long seed;

  Draws(long seed) {
    this.seed = (seed ^ MULTIPLIER) & MASK;
  }

  /** As {@code Random.nextInt(bound)}: uniform in [0, bound). */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    int r = next31();
    int m = bound - 1;
    if ((bound & m) == 0) {
      return (int) ((bound * (long) r) >> 31);
    }
    for (int u = r; u - (r = u % bound) + m < 0; u = next31()) {
      // a draw from the incomplete last block of [0, 2^31) is rejected, as Random does
    }
    return r;
  }

  private int next31() {
    seed = (seed * MULTIPLIER + ADDEND) & MASK;
    return (int) (seed >>> (48 - 31));
  }
}
