package org.reposearcheval.evals.process;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Processes the harness starts without holding their {@link Process} (the MCP SDK starts an MCP
 * server for the harness's own handshake): each gets a run marker of this harness in its
 * environment, by which they are found alive and stopped with everything they started, and by which
 * the sentinel and the next harness's sweep find them when this harness is killed ({@link
 * Leftovers}).
 */
public final class MarkedProcesses {
  private static final AtomicLong COUNT = new AtomicLong();

  private MarkedProcesses() {}

  /**
   * A fresh marker ({@link ProcessTree#RUN_MARKER}'s value) of this harness: its prefix, then
   * {@code mcp-} and a count (agents' markers hold no {@code -} after the prefix). Starts the
   * sentinel first.
   */
  public static String newMarker() {
    Leftovers.guard();
    return Leftovers.PREFIX + "mcp-" + COUNT.incrementAndGet();
  }

  /**
   * Whether marked processes can be seen at all ({@code /proc}, Linux): elsewhere {@link #alive} is
   * always empty, which says nothing about whether they run.
   */
  public static boolean seen() {
    return java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc"));
  }

  /** The live processes carrying {@code marker} (Linux only; else none). */
  public static List<ProcessHandle> alive(String marker) {
    return ProcessTree.marked(marker).stream().filter(ProcessHandle::isAlive).toList();
  }

  /** Stops every process carrying {@code marker}: asked, then killed after a short grace. */
  public static void stop(String marker) {
    ProcessTree.stopMarked(marker);
  }
}
