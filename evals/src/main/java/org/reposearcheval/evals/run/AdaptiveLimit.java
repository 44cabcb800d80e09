package org.reposearcheval.evals.run;

import java.util.concurrent.Semaphore;

/**
 * The {@code Semaphore} that bounds runs in flight, sized from {@code --parallel}. When the API
 * pushes back (429, 529) it halves the number of runs in flight, at least one; it then grows back
 * by one after as many successes in a row as runs are allowed, up to {@code --parallel}: additive
 * increase, multiplicative decrease, instead of hammering a rate-limited API.
 */
public final class AdaptiveLimit extends Semaphore {
  private final int max;
  private int current;
  private int successes;

  public AdaptiveLimit(int parallel) {
    super(Math.max(1, parallel), true);
    this.max = Math.max(1, parallel);
    this.current = max;
  }

  /** The configured bound, {@code --parallel}. */
  public int max() {
    return max;
  }

  /** Runs allowed in flight now. */
  public synchronized int current() {
    return current;
  }

  /** A run was rate limited or the API was overloaded. */
  public synchronized void pushedBack() {
    int target = Math.max(1, current / 2);
    reducePermits(current - target);
    current = target;
    successes = 0;
  }

  /** A run got through to the API. */
  public synchronized void succeeded() {
    if (current < max && ++successes >= current) {
      current++;
      successes = 0;
      release();
    }
  }
}
