package org.reposearcheval.evals.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A new run waits while the machine has less memory available than the floor. */
class MemoryFloorTest {
  @Test
  void aFloorBelowWhatIsAvailableLetsRunsStartAtOnce() throws Exception {
    assumeTrue(MemoryFloor.available().isPresent(), "needs /proc/meminfo");
    MemoryFloor floor = new MemoryFloor(1);
    Thread runs =
        waitingOn(
            floor,
            1000,
            e -> {
              throw new AssertionError(e);
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> !runs.isAlive());
  }

  @Test
  void aFloorAboveWhatIsAvailableHoldsTheRunUntilCancelled() throws Exception {
    assumeTrue(MemoryFloor.available().isPresent(), "needs /proc/meminfo");
    MemoryFloor floor = new MemoryFloor(Long.MAX_VALUE);
    AtomicBoolean cancelled = new AtomicBoolean();
    Thread run = waitingOn(floor, 1, e -> cancelled.set(true));
    await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5)).until(run::isAlive);
    run.interrupt();
    await().atMost(Duration.ofSeconds(5)).until(() -> !run.isAlive());
    assertTrue(cancelled.get(), "held until interrupted, never let through");
  }

  /**
   * A virtual thread that waits for {@code floor} {@code times} times over and hands an interrupt
   * to {@code interrupted}.
   */
  private static Thread waitingOn(
      MemoryFloor floor, int times, Consumer<InterruptedException> interrupted) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                for (int i = 0; i < times; i++) {
                  floor.awaitAvailable();
                }
              } catch (InterruptedException e) {
                interrupted.accept(e);
              }
            });
  }
}
