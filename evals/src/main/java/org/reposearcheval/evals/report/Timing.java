package org.reposearcheval.evals.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.reposearcheval.evals.run.Preparation;

/**
 * Wall time of the whole evaluation against the sum of its runs' durations: {@code speedup =
 * sumRunMs / wallMs}, near {@code parallel} when the agents are the slow part. {@code
 * preparations}: the MCP servers' prepare steps, timed apart from the runs (never in {@code
 * sumRunMs}); empty when no server had one.
 */
public record Timing(
    long wallMs,
    long sumRunMs,
    double speedup,
    int parallel,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Preparation> preparations) {
  public Timing {
    preparations = preparations == null ? List.of() : List.copyOf(preparations);
  }

  /** No MCP server had a prepare step. */
  public Timing(long wallMs, long sumRunMs, double speedup, int parallel) {
    this(wallMs, sumRunMs, speedup, parallel, List.of());
  }
}
