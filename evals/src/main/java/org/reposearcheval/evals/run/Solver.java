package org.reposearcheval.evals.run;

/**
 * Runs one job to its end and says how it went. Never throws for an agent's failure: that is a
 * result. When the calling thread is interrupted the run is stopped, reported {@code cancelled},
 * and the interrupt status is left set.
 */
@FunctionalInterface
public interface Solver {
  RunResult solve(Job job);

  /**
   * As {@link #solve(Job)}, holding {@code slot}, its place among the runs in flight: a solver that
   * knows when its agent has ended releases it then (and acquires it again for another attempt), so
   * the next job's agent starts while this one is judged. By default held to the end.
   */
  default RunResult solve(Job job, Slot slot) {
    return solve(job);
  }

  /**
   * One attempt at {@code job}, holding {@code slot} as {@link #solve(Job, Slot)} does, and whether
   * it failed in a way another attempt may mend ({@link Retrying} asks). By default {@link
   * #solve(Job, Slot)}'s result, which stands.
   */
  default Attempt attempt(Job job, Slot slot) {
    return Attempt.done(solve(job, slot));
  }
}
