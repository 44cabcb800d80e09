package org.reposearcheval.evals.score;

/**
 * The exact sign-flip test of per-case pass-rate differences, the pass-rate test of {@code --runs
 * auto} (docs/reports.md, "Repeats where they decide").
 */
final class SignFlip {
  private SignFlip() {}

  /** The name a sign-flip decision carries ({@link #test}). */
  static final String NAME = "sign-flip-exact";

  /** Above this many distinct scaled sums {@link #test} gives up (returns null). */
  static final int MAX_SUMS = 4_000_000;

  /**
   * The exact two-sided sign-flip test of per-case differences of pass rates: case i's difference
   * is {@code armPassed[i] / armRuns[i] − basePassed[i] / baseRuns[i]}. Under the null hypothesis
   * each difference is as likely positive as negative (the arms' labels are exchangeable within a
   * case), so the p-value is the share of the 2^n sign patterns whose sum is at least as far from 0
   * as the observed one. Computed exactly over the differences scaled by the least common multiple
   * of the run counts (integers, so no tie is lost to rounding), by convolution; zero differences
   * change no sum. With every difference −1, 0 or 1 (one run per arm) it is McNemar's exact test.
   * Null when the scaled sums would not fit in {@link #MAX_SUMS}.
   */
  static Double test(int[] armPassed, int[] armRuns, int[] basePassed, int[] baseRuns) {
    long lcm = 1;
    for (int i = 0; i < armRuns.length; i++) {
      lcm = lcm(lcm(lcm, armRuns[i]), baseRuns[i]);
      if (lcm > MAX_SUMS) {
        return null;
      }
    }
    long[] d = new long[armRuns.length];
    long observed = 0;
    long total = 0;
    for (int i = 0; i < d.length; i++) {
      d[i] = armPassed[i] * (lcm / armRuns[i]) - basePassed[i] * (lcm / baseRuns[i]);
      observed += d[i];
      total += Math.abs(d[i]);
    }
    if (2 * total + 1 > MAX_SUMS) {
      return null;
    }
    // probability[s + total]: P(sum of the signed differences so far = s).
    double[] probability = new double[(int) (2 * total + 1)];
    probability[(int) total] = 1;
    long reach = 0;
    for (long v : d) {
      long size = Math.abs(v);
      if (size == 0) {
        continue;
      }
      double[] next = new double[probability.length];
      for (long s = -reach; s <= reach; s++) {
        double p = probability[(int) (s + total)];
        if (p != 0) {
          next[(int) (s + size + total)] += p / 2;
          next[(int) (s - size + total)] += p / 2;
        }
      }
      probability = next;
      reach += size;
    }
    long far = Math.abs(observed);
    double p = 0;
    for (long s = -reach; s <= reach; s++) {
      if (Math.abs(s) >= far) {
        p += probability[(int) (s + total)];
      }
    }
    return Math.min(1.0, p);
  }

  private static long lcm(long a, long b) {
    return b == 0
        ? a
        : a / java.math.BigInteger.valueOf(a).gcd(java.math.BigInteger.valueOf(b)).longValue() * b;
  }
}
