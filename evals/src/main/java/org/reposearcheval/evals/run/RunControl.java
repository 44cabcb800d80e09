package org.reposearcheval.evals.run;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops an evaluation early, for whatever reason: Ctrl-C, {@code --fail-fast}, a spent {@code
 * --max-duration}. The first reason wins. Stopping interrupts the thread running the jobs: nothing
 * new starts, running agents are killed and reported {@code cancelled}, and the report is written.
 */
public final class RunControl {
  /** Why the user stopped it, as opposed to the harness stopping itself. */
  public static final String INTERRUPTED = "interrupted";

  private final AtomicReference<String> reason = new AtomicReference<>();
  private volatile Thread worker;

  /** Marks the calling thread as the one to interrupt; an earlier stop takes effect at once. */
  public void bind() {
    worker = Thread.currentThread();
    if (reason.get() != null) {
      worker.interrupt();
    }
  }

  public void unbind() {
    worker = null;
  }

  /** Stops the evaluation; later calls keep the first reason. */
  public void stop(String why) {
    if (reason.compareAndSet(null, why)) {
      Thread thread = worker;
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  /** Why it was stopped, or null when it ran to the end. */
  public String reason() {
    return reason.get();
  }
}
