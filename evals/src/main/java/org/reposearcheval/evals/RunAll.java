package org.reposearcheval.evals;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.StructuredTaskScope;

/**
 * Runs every job and returns the results in job-index order, whatever order they finish in. With
 * {@code parallel <= 1} a plain loop; otherwise one {@link StructuredTaskScope} of virtual threads,
 * each holding a permit of a {@code Semaphore(parallel)} while its agent runs. One job's failure
 * never cancels or loses another. This is the only class that uses the preview API.
 *
 * <p>If the calling thread is interrupted (Ctrl-C), no new job starts, running agents are killed
 * and reported {@code cancelled}, every job not run is reported {@code cancelled}, and the thread's
 * interrupt status is left set for the caller to see.
 */
public final class RunAll {
  private RunAll() {}

  public static List<RunResult> run(
      List<Job> jobs, int parallel, Solver solver, RunListener listener) {
    RunResult[] results = new RunResult[jobs.size()];
    listener.planned(jobs.size(), Math.max(1, parallel));
    if (parallel <= 1) {
      runAllSequential(jobs, solver, listener, results);
    } else {
      runAllParallel(jobs, parallel, solver, listener, results);
    }
    for (Job job : jobs) {
      if (results[job.index()] == null) {
        results[job.index()] = RunResult.cancelled(job, 0, "not started: the run was interrupted");
      }
    }
    return Arrays.asList(results);
  }

  private static void runAllSequential(
      List<Job> jobs, Solver solver, RunListener listener, RunResult[] results) {
    for (Job job : jobs) {
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      runOne(job, solver, listener, results);
    }
  }

  private static void runAllParallel(
      List<Job> jobs, int parallel, Solver solver, RunListener listener, RunResult[] results) {
    Semaphore permits = new Semaphore(parallel, true);
    try (var scope = StructuredTaskScope.open(StructuredTaskScope.Joiner.<Void>awaitAll())) {
      for (Job job : jobs) {
        scope.fork(
            () -> {
              permits.acquire();
              try {
                runOne(job, solver, listener, results);
              } finally {
                permits.release();
              }
              return null;
            });
      }
      scope.join();
    } catch (InterruptedException e) {
      // Closing the scope has interrupted and awaited every subtask; report that we were stopped.
      Thread.currentThread().interrupt();
    }
  }

  private static void runOne(Job job, Solver solver, RunListener listener, RunResult[] results) {
    listener.started(job);
    RunResult result;
    try {
      result = solver.solve(job);
    } catch (RuntimeException e) {
      result = RunResult.crashed(job, e);
    }
    results[job.index()] = result;
    listener.finished(job, result);
  }
}
