package org.reposearcheval.evals.run;

/**
 * How the listeners hear of the rounds of {@code --runs auto} ({@link AutoRuns}), each run by
 * {@link RunAll} on its own: the first round's jobs are planned as any run's are, a later round's
 * are {@link RunListener#moreRuns more runs}, and the last job has started only in the last round
 * there can be.
 */
public final class Rounds {
  private Rounds() {}

  /**
   * {@code listener} as round {@code round} of at most {@code max} tells it; {@code first}: the
   * first round this harness runs (a resumed run may have kept every run of the first rounds).
   */
  public static RunListener listener(RunListener listener, int round, boolean first, int max) {
    return new RunListener() {
      @Override
      public void planned(int jobs, int parallel) {
        if (first) {
          listener.planned(jobs, parallel);
        } else {
          listener.moreRuns(jobs, round);
        }
      }

      @Override
      public void started(Job job) {
        listener.started(job);
      }

      @Override
      public void finished(Job job, RunResult result) {
        listener.finished(job, result);
      }

      @Override
      public void lastStarted() {
        if (round == max) {
          listener.lastStarted();
        }
      }
    };
  }
}
