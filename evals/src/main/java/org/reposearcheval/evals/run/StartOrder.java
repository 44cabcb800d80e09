package org.reposearcheval.evals.run;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The order jobs start in, apart from the order their results are kept in. With earlier results at
 * hand ({@link History}), longest expected first: a long run started last holds the whole suite up
 * while the other slots sit idle, the classic makespan problem, where longest-first is within 4/3
 * of the optimum. Jobs with no expectation (a new case, a new arm) start first of all, since they
 * may be the longest. Ties keep the plan's order. Only when each job starts changes: results, the
 * journal and every report stay in case order, and both {@link RunAll} paths start jobs in this one
 * order.
 */
public final class StartOrder {
  private StartOrder() {}

  /** The plan's own order: job 0 first. */
  public static int[] planned(int jobs) {
    return IntStream.range(0, jobs).toArray();
  }

  /**
   * Longest {@code expectedMs} first; a job without one (null) before all that have one; the plan's
   * order between equals.
   */
  public static int[] longestFirst(List<Job> jobs, Function<Job, Double> expectedMs) {
    Double[] expected = jobs.stream().map(expectedMs).toArray(Double[]::new);
    Integer[] order = IntStream.range(0, jobs.size()).boxed().toArray(Integer[]::new);
    Arrays.sort(
        order,
        Comparator.<Integer, Boolean>comparing(i -> expected[i] != null)
            .thenComparing(i -> expected[i] == null ? 0 : -expected[i])
            .thenComparing(i -> i));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }
}
