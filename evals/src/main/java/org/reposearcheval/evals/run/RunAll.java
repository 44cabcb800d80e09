package org.reposearcheval.evals.run;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;

/**
 * Runs every job and returns the results in the jobs' order, whatever order they finish in. With
 * {@code --parallel <= 1} a plain loop; otherwise one {@link StructuredTaskScope} of virtual
 * threads, each forked once it holds a permit of the {@link AdaptiveLimit} semaphore and holding it
 * (its {@link Slot}) while its agent runs. One job's failure never cancels or loses another. This
 * is the only class that uses the preview API.
 *
 * <p>If the calling thread is interrupted (Ctrl-C, fail-fast, budget), no new job starts, running
 * agents are killed and reported {@code cancelled}, every job not run is reported {@code
 * cancelled}, and the thread's interrupt status is left set for the caller to see.
 */
public final class RunAll {
  private RunAll() {}

  public static List<RunResult> run(
      List<Job> jobs, int parallel, Solver solver, RunListener listener) {
    return run(jobs, new AdaptiveLimit(parallel), solver, listener);
  }

  public static List<RunResult> run(
      List<Job> jobs, AdaptiveLimit limit, Solver solver, RunListener listener) {
    return run(jobs, StartOrder.planned(jobs.size()), limit, solver, listener);
  }

  /**
   * Runs every job, starting them in {@code order} (positions in {@code jobs}: {@link StartOrder});
   * the results are in the jobs' order whatever order they start and finish in.
   */
  public static List<RunResult> run(
      List<Job> jobs, int[] order, AdaptiveLimit limit, Solver solver, RunListener listener) {
    if (order.length != jobs.size()) {
      throw new IllegalArgumentException(
          "a start order of " + order.length + " for " + jobs.size() + " jobs");
    }
    RunResult[] results = new RunResult[jobs.size()];
    listener.planned(jobs.size(), limit.max());
    if (limit.max() <= 1) {
      runAllSequential(jobs, order, solver, listener, results);
    } else {
      runAllParallel(jobs, order, limit, solver, listener, results);
    }
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        results[i] = RunResult.cancelled(jobs.get(i), 0, "not started: the run was stopped");
      }
    }
    return Arrays.asList(results);
  }

  private static void runAllSequential(
      List<Job> jobs, int[] order, Solver solver, RunListener listener, RunResult[] results) {
    for (int i = 0; i < order.length && !Thread.currentThread().isInterrupted(); i++) {
      if (i == order.length - 1) {
        listener.lastStarted();
      }
      results[order[i]] = runOne(jobs.get(order[i]), solver, listener, Slot.NONE);
    }
  }

  private static void runAllParallel(
      List<Job> jobs,
      int[] order,
      AdaptiveLimit limit,
      Solver solver,
      RunListener listener,
      RunResult[] results) {
    try (var scope = StructuredTaskScope.open(StructuredTaskScope.Joiner.<Void>awaitAll())) {
      // A job's thread is forked once it has its permit: as many threads as runs in flight, not
      // one parked thread per job (10 000 jobs held 11 MB of parked stacks), and jobs start in
      // the given order.
      for (int i = 0; i < order.length; i++) {
        try {
          limit.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        int position = order[i];
        boolean last = i == order.length - 1;
        Slot slot = Slot.held(limit);
        scope.fork(
            () -> {
              try {
                results[position] = runOne(jobs.get(position), solver, listener, slot);
              } finally {
                slot.release();
              }
              return null;
            });
        if (last) {
          listener.lastStarted();
        }
      }
      scope.join();
    } catch (InterruptedException e) {
      // Closing the scope has interrupted and awaited every subtask; report that we were stopped.
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs one job; its slot goes to the next job once the agent has ended (the solver's doing) or at
   * the latest once it is judged, before the listeners hear of it (the journal's write to disk is
   * not the next agent's wait).
   */
  private static RunResult runOne(Job job, Solver solver, RunListener listener, Slot slot) {
    listener.started(job);
    RunResult result;
    try {
      result = solver.solve(job, slot);
    } catch (RuntimeException | Error e) {
      // Even a harness bug (or a jar replaced under it) must not lose the run: it is reported.
      result = RunResult.crashed(job, e);
    }
    slot.release();
    listener.finished(job, result);
    return result;
  }
}
