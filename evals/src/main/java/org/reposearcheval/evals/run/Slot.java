package org.reposearcheval.evals.run;

/**
 * A job's place among the runs in flight, the permit {@code --parallel} counts. The job holds it
 * while its agent runs; a {@link Solver} gives it to the next job as soon as its agent has ended,
 * since reading and judging what the agent wrote needs no place, and takes one again before another
 * attempt. Used only from the job's own thread.
 */
public interface Slot {
  /** Holds no permit: for a solver called outside {@link RunAll}. */
  Slot NONE =
      new Slot() {
        @Override
        public void release() {}

        @Override
        public void acquire() {}
      };

  /** Gives the place up, if held. */
  void release();

  /** Waits for a place, unless one is held. */
  void acquire() throws InterruptedException;

  /** A permit of {@code limit}, held from the start. */
  static Slot held(AdaptiveLimit limit) {
    return new Slot() {
      private boolean held = true;

      @Override
      public void release() {
        if (held) {
          held = false;
          limit.release();
        }
      }

      @Override
      public void acquire() throws InterruptedException {
        if (!held) {
          limit.acquire();
          held = true;
        }
      }
    };
  }
}
