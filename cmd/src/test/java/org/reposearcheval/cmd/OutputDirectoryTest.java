package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default run directory is claimed by creating it, so runs started together never share one.
 */
class OutputDirectoryTest {
  @TempDir Path dir;

  @Test
  void runsStartedInTheSameSecondEachClaimADirectoryOfTheirOwn() throws Exception {
    int runs = 16;
    CountDownLatch ready = new CountDownLatch(runs);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Path>> claims = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(runs);
    try {
      for (int i = 0; i < runs; i++) {
        claims.add(
            threads.submit(
                () -> {
                  ready.countDown();
                  assertTrue(go.await(30, TimeUnit.SECONDS));
                  return OutputDirectory.claim(dir.resolve("eval-results"), "20261123-120000");
                }));
      }
      assertTrue(ready.await(30, TimeUnit.SECONDS), "the threads did not start");
      go.countDown();
      Set<Path> claimed = new HashSet<>();
      for (Future<Path> claim : claims) {
        claimed.add(claim.get(30, TimeUnit.SECONDS));
      }

      assertEquals(runs, claimed.size(), "two runs got one directory: " + claimed);
      assertTrue(claimed.contains(dir.resolve("eval-results/20261123-120000")));
      assertTrue(claimed.contains(dir.resolve("eval-results/20261123-120000-" + runs)));
      assertTrue(claimed.stream().allMatch(Files::isDirectory));
    } finally {
      threads.shutdownNow();
      assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS), "the threads did not end");
    }
  }

  @Test
  void aDirectoryMadeBeforeIsNeverClaimedAgain() throws Exception {
    Path taken = Files.createDirectories(dir.resolve("eval-results/20261123-120000"));

    Path claimed = OutputDirectory.claim(dir.resolve("eval-results"), "20261123-120000");

    assertEquals(taken.resolveSibling("20261123-120000-2"), claimed);
  }
}
