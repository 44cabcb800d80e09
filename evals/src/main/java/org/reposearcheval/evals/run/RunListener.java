package org.reposearcheval.evals.run;

/**
 * Progress of a run of many jobs. The library prints nothing; the command line turns these calls
 * into console lines. Called from many threads at once: implementations must be thread-safe.
 */
public interface RunListener {
  RunListener NONE = new RunListener() {};

  /**
   * Before the first job, a tree the runs work in has been checked out: {@code what} names it
   * ({@code repo@commit}), {@code done} of {@code total} are ready, this one in {@code millis}.
   */
  default void checkedOut(String what, int done, int total, long millis) {}

  /**
   * An MCP server's prepare step ended (or a checkout prepared before was reused), before the first
   * run that needed it.
   */
  default void prepared(Preparation preparation) {}

  /** Before the first job: how many jobs there are and how many run at once. */
  default void planned(int jobs, int parallel) {}

  /**
   * Under {@code --runs auto}, before round {@code round}: {@code jobs} more runs, of the cases
   * whose results differed.
   */
  default void moreRuns(int jobs, int round) {}

  /** A job's agent is about to start. */
  default void started(Job job) {}

  /** A job ended, whatever its status. */
  default void finished(Job job, RunResult result) {}

  /**
   * The last job has been handed out: no new job will start (a running one may still retry). Not
   * called when the run is stopped first.
   */
  default void lastStarted() {}

  /** A listener that does one thing: {@code then}, once the last job has started. */
  static RunListener onLastStarted(Runnable then) {
    return new RunListener() {
      @Override
      public void lastStarted() {
        then.run();
      }
    };
  }

  /** Tells every one of {@code listeners}, in order. */
  static RunListener all(RunListener... listeners) {
    return new RunListener() {
      @Override
      public void planned(int jobs, int parallel) {
        for (RunListener l : listeners) {
          l.planned(jobs, parallel);
        }
      }

      @Override
      public void checkedOut(String what, int done, int total, long millis) {
        for (RunListener l : listeners) {
          l.checkedOut(what, done, total, millis);
        }
      }

      @Override
      public void prepared(Preparation preparation) {
        for (RunListener l : listeners) {
          l.prepared(preparation);
        }
      }

      @Override
      public void moreRuns(int jobs, int round) {
        for (RunListener l : listeners) {
          l.moreRuns(jobs, round);
        }
      }

      @Override
      public void started(Job job) {
        for (RunListener l : listeners) {
          l.started(job);
        }
      }

      @Override
      public void finished(Job job, RunResult result) {
        for (RunListener l : listeners) {
          l.finished(job, result);
        }
      }

      @Override
      public void lastStarted() {
        for (RunListener l : listeners) {
          l.lastStarted();
        }
      }
    };
  }
}
