package org.reposearcheval.evals.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs that end together share one scan of /proc, and each still loses what carries its marker. */
class SweepsTest {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() {
    started.forEach(Process::destroyForcibly);
  }

  /** A process that would outlive its run: a {@code sleep} carrying {@code marker}. */
  private Process leftover(String marker) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("sleep", "60");
    builder.environment().put(ProcessTree.RUN_MARKER, marker);
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private static String marker() {
    return "sweeps-test-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet();
  }

  @Test
  void runsEndingTogetherShareScansAndEachLeftoverDies() throws Exception {
    assumeTrue(CLibrary.linux(), "the sweep reads /proc");
    int runs = 40;
    List<String> markers = new ArrayList<>();
    List<Process> leftovers = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      markers.add(marker());
      leftovers.add(leftover(markers.get(i)));
    }
    // The positive control: a process whose run did not end carries a marker nobody sweeps.
    Process bystander = leftover(marker());

    long scansBefore = ProcessTree.scans();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> sweeps = new ArrayList<>();
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    try {
      for (String marker : markers) {
        sweeps.add(
            threads.submit(
                () -> {
                  go.await(10, TimeUnit.SECONDS);
                  Sweeps.sweep(marker);
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> sweep : sweeps) {
        sweep.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
      assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
    }
    long scans = ProcessTree.scans() - scansBefore;

    for (Process process : leftovers) {
      assertTrue(process.waitFor(10, TimeUnit.SECONDS), "a leftover outlived its sweep");
    }
    assertFalse(bystander.waitFor(200, TimeUnit.MILLISECONDS), "a marker not swept was killed");
    // 40 runs ending at once: one scan per run would be 40; a scan takes the markers waiting when
    // it begins, so a few scans serve them all.
    assertTrue(scans >= 1 && scans <= runs / 4, "scans: " + scans);
  }

  @Test
  void aSweepAfterAnotherStillFindsItsOwnLeftover() throws Exception {
    assumeTrue(CLibrary.linux(), "the sweep reads /proc");
    String first = marker();
    String second = marker();
    Sweeps.sweep(first);
    Process late = leftover(second);
    long scansBefore = ProcessTree.scans();
    Sweeps.sweep(second);
    assertEquals(1, ProcessTree.scans() - scansBefore);
    assertTrue(late.waitFor(10, TimeUnit.SECONDS));
  }
}
