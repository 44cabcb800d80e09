package org.reposearcheval.evals.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Holds back a new run while the machine has less memory available than a floor (Linux {@code
 * MemAvailable}); elsewhere it never waits. Runs already going are left alone: the point is not to
 * start the agent that tips the machine into swapping or the OOM killer.
 */
public final class MemoryFloor {
  public static final MemoryFloor NONE = new MemoryFloor(0);
  private static final Path MEMINFO = Path.of("/proc/meminfo");
  private static final Duration POLL = Duration.ofMillis(500);

  private static final Duration TRUSTED = Duration.ofMillis(200);

  private final long floorBytes;
  private volatile long roomySince = System.nanoTime() - Duration.ofDays(1).toNanos();

  public MemoryFloor(long floorBytes) {
    this.floorBytes = floorBytes;
  }

  /**
   * Returns once available memory is at least the floor. A reading well above the floor is trusted
   * for {@link #TRUSTED} so that runs starting together do not each read {@code /proc/meminfo}.
   */
  public void awaitAvailable() throws InterruptedException {
    if (floorBytes <= 0 || System.nanoTime() - roomySince < TRUSTED.toNanos()) {
      return;
    }
    long available;
    while ((available = available().orElse(Long.MAX_VALUE)) < floorBytes) {
      Thread.sleep(POLL);
    }
    if (available - floorBytes >= floorBytes) {
      roomySince = System.nanoTime();
    }
  }

  /** Memory the kernel says can be given to new processes, when it says. */
  public static OptionalLong available() {
    try {
      for (String line : Files.readAllLines(MEMINFO)) {
        if (line.startsWith("MemAvailable:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or unreadable: no floor can be enforced.
    }
    return OptionalLong.empty();
  }

  /**
   * {@code --parallel auto}: as many runs as the cores can drive (a Claude Code process uses about
   * two seconds of CPU per run, mostly while waiting on the API, so four per core), and no more
   * than the available memory above the floor holds at {@code perRunBytes} each.
   */
  public static int autoParallel(long floorBytes, long perRunBytes) {
    int byCores = 4 * Runtime.getRuntime().availableProcessors();
    long spare = available().orElse(Long.MAX_VALUE / 2) - floorBytes;
    long byMemory = Math.max(1, spare / perRunBytes);
    return (int) Math.max(1, Math.min(byCores, byMemory));
  }
}
