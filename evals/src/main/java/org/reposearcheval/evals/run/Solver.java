package org.reposearcheval.evals.run;

/**
 * Runs one job to its end and says how it went. Never throws for an agent's failure: that is a
 * result. When the calling thread is interrupted the run is stopped, reported {@code cancelled},
 * and the interrupt status is left set.
 */
@FunctionalInterface
public interface Solver {
  RunResult solve(Job job);
}
