package org.reposearcheval.evals.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Kills an agent and everything it started. Claude Code starts MCP servers as its children, and a
 * child killed alone leaves them running as orphans, so the tree is collected first, asked to stop,
 * and killed after a short grace. On Linux a second sweep finds processes that were orphaned before
 * the kill (reparented, no longer descendants) by the run marker each agent inherits in its
 * environment.
 */
public final class ProcessTree {
  /** Environment variable every agent process and its descendants inherit. */
  public static final String RUN_MARKER = "REPO_SEARCH_EVAL_RUN";

  private static final byte[] KEY = (RUN_MARKER + "=").getBytes(StandardCharsets.UTF_8);

  static final Duration GRACE = Duration.ofSeconds(2);
  private static final Path PROC = Path.of("/proc");
  private static final AtomicLong SCANS = new AtomicLong();

  private ProcessTree() {}

  /** How many scans of {@code /proc} this harness has made. */
  static long scans() {
    return SCANS.get();
  }

  /** Stops {@code root} and its descendants, and any process carrying {@code marker}. */
  static void kill(ProcessHandle root, String marker) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(root);
    root.descendants().forEach(tree::add);
    tree.forEach(ProcessHandle::destroy);
    awaitExit(tree, GRACE);
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    killMarked(marker);
    awaitExit(tree, GRACE);
  }

  /**
   * Kills every process that carries {@code marker}: what the agent started and left behind, such
   * as an MCP server that outlived an agent which exited by itself. One scan of {@code /proc}.
   */
  static void killMarked(String marker) {
    List<ProcessHandle> orphans = marked(marker);
    orphans.forEach(ProcessHandle::destroyForcibly);
    awaitExit(orphans, GRACE);
  }

  /**
   * Stops every process that carries {@code marker}: asked first, killed after a short grace, and
   * once more whatever appeared meanwhile. For processes the harness started without holding them
   * (an MCP server started by the MCP SDK for the harness's own handshake).
   */
  public static void stopMarked(String marker) {
    List<ProcessHandle> tree = marked(marker);
    tree.forEach(ProcessHandle::destroy);
    // Looked at in short steps: onExit of a process that is not our child is polled slowly.
    long until = System.nanoTime() + GRACE.toNanos();
    while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < until) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    killMarked(marker);
  }

  /** Live processes whose environment carries {@code RUN_MARKER=marker} (Linux only; else none). */
  public static List<ProcessHandle> marked(String marker) {
    return markedWhere(marker::equals);
  }

  /**
   * Live processes other than this one whose environment has a {@code RUN_MARKER} entry whose value
   * {@code wanted} accepts (Linux only; else none). One scan of {@code /proc}.
   */
  static List<ProcessHandle> markedWhere(Predicate<String> wanted) {
    if (!Files.isDirectory(PROC)) {
      return List.of();
    }
    SCANS.incrementAndGet();
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(PROC)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
          continue;
        }
        String marker = markerOf(entry.resolve("environ"));
        if (marker != null && wanted.test(marker)) {
          ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: the descendants were already killed; a vanished /proc entry is not an error.
    }
    return found;
  }

  /** The value of the {@code RUN_MARKER} entry of an environ file, or null. */
  private static String markerOf(Path environ) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(environ);
    } catch (IOException | SecurityException e) {
      return null;
    }
    // Entries are NUL-separated; match whole entries only.
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == 0) {
        if (i - start > KEY.length
            && java.util.Arrays.equals(bytes, start, start + KEY.length, KEY, 0, KEY.length)) {
          return new String(
              bytes, start + KEY.length, i - start - KEY.length, StandardCharsets.UTF_8);
        }
        start = i + 1;
      }
    }
    return null;
  }

  static void awaitExit(List<ProcessHandle> processes, Duration limit) {
    CompletableFuture<?>[] exits =
        processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(exits).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // The caller escalates or gives up; nothing more can be done here.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
