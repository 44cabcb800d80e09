package org.reposearcheval.evals.process;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sweep after a run that may have started MCP servers: whatever still carries the run's marker
 * is killed. A sweep is one scan of {@code /proc}, whose cost grows with every process alive; one
 * scan per run that ends made the cost of each run grow with the runs in flight
 * (docs/performance.md). Here runs that end while a scan is under way wait for the next one, and
 * that one scan serves all of them: scans follow each other at most back to back, however many runs
 * end. Each marker is still swept by a scan that began after its run ended, so nothing a run left
 * is missed.
 */
final class Sweeps {
  /**
   * Beyond this the caller sweeps for itself: a stuck shared sweep never leaves a run's servers.
   */
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private static final Object LOCK = new Object();
  private static Set<String> waiting = new HashSet<>();
  private static CompletableFuture<Void> next = new CompletableFuture<>();
  private static boolean sweeping;

  private Sweeps() {}

  /** Kills whatever carries {@code marker}, in the next scan of {@code /proc}; returns after it. */
  static void sweep(String marker) throws InterruptedException {
    CompletableFuture<Void> done;
    boolean start;
    synchronized (LOCK) {
      waiting.add(marker);
      done = next;
      start = !sweeping;
      sweeping = true;
    }
    if (start) {
      Thread.ofVirtual().name("sweep").start(Sweeps::sweepWhileWaiting);
    }
    try {
      done.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      ProcessTree.killMarked(marker);
    }
  }

  /** Scans while markers wait; each scan takes every marker that arrived before it began. */
  private static void sweepWhileWaiting() {
    while (true) {
      Set<String> markers;
      CompletableFuture<Void> batch;
      synchronized (LOCK) {
        if (waiting.isEmpty()) {
          sweeping = false;
          return;
        }
        markers = waiting;
        batch = next;
        waiting = new HashSet<>();
        next = new CompletableFuture<>();
      }
      try {
        List<ProcessHandle> found = ProcessTree.markedWhere(markers::contains);
        found.forEach(ProcessHandle::destroyForcibly);
        ProcessTree.awaitExit(found, ProcessTree.GRACE);
        batch.complete(null);
      } catch (Throwable e) {
        batch.completeExceptionally(e);
      }
    }
  }
}
