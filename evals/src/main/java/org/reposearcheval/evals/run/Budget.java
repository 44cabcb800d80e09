package org.reposearcheval.evals.run;

import java.time.Duration;
import java.util.Optional;
import org.reposearcheval.evals.util.Durations;

/** {@code --max-duration}: when the budget is spent, the evaluation is stopped. */
public final class Budget implements AutoCloseable {
  private final Thread timer;

  private Budget(Thread timer) {
    this.timer = timer;
  }

  public static Budget start(Optional<Duration> maxDuration, RunControl control) {
    if (maxDuration.isEmpty()) {
      return new Budget(null);
    }
    Duration budget = maxDuration.get();
    return new Budget(
        Thread.ofVirtual()
            .name("max-duration")
            .start(
                () -> {
                  try {
                    Thread.sleep(budget);
                    control.stop("max-duration " + Durations.canonical(budget) + " spent");
                  } catch (InterruptedException e) {
                    // The evaluation ended first.
                  }
                }));
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.interrupt();
    }
  }
}
