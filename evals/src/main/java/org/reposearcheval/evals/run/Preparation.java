package org.reposearcheval.evals.run;

import java.util.List;

/**
 * One MCP server's prepare step in one checkout (building the index it answers from, say), timed
 * apart from the runs: never part of a run's duration.
 *
 * @param server the server's name in its MCP config
 * @param checkout the tree it prepared, {@code repo@commit}
 * @param arms the arms whose runs worked in that prepared checkout
 * @param status {@code prepared}; {@code cached} when a checkout prepared before was reused; {@code
 *     failed}, {@code timeout} or {@code cancelled} when its runs of that checkout did not start
 * @param durationMs its wall time (for {@code cached}, the time to find and check the cached one)
 * @param exitCode the command's exit code; null when it did not exit by itself or was not run
 * @param output the end of what it printed (stdout, then stderr), secrets masked
 */
public record Preparation(
    String server,
    String checkout,
    List<String> arms,
    String status,
    long durationMs,
    Integer exitCode,
    String output) {
  public static final String PREPARED = "prepared";
  public static final String CACHED = "cached";
  public static final String FAILED = "failed";
  public static final String TIMEOUT = "timeout";
  public static final String CANCELLED = "cancelled";

  public Preparation {
    arms = List.copyOf(arms);
  }

  /** True when the checkout was prepared, now or before: its runs went ahead. */
  public boolean ok() {
    return PREPARED.equals(status) || CACHED.equals(status);
  }
}
