package org.reposearcheval.evals.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How one run ended. Only {@link #PASSED} and {@link #FAILED} say anything about the answer. */
public enum RunStatus {
  /** The answer met every expectation. */
  PASSED,
  /** The agent answered, and the answer missed at least one expectation. */
  FAILED,
  /** The agent crashed, printed no result, or reported an API error. */
  ERROR,
  /** The run outlived its timeout; its whole process tree was killed. */
  TIMEOUT,
  /** The run's setup was wrong (an MCP server did not connect): neither pass nor fail. */
  INVALID,
  /** The run was stopped before it finished (Ctrl-C) or never started. */
  CANCELLED;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static RunStatus fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }

  /**
   * The one-character mark every page shows for a run: ✓ passed, ✗ failed, T timeout, – cancelled,
   * ! error or invalid.
   */
  public String symbol() {
    return switch (this) {
      case PASSED -> "✓";
      case FAILED -> "✗";
      case TIMEOUT -> "T";
      case CANCELLED -> "–";
      case ERROR, INVALID -> "!";
    };
  }

  /** True when the run produced a verdict on the answer. */
  public boolean isVerdict() {
    return this == PASSED || this == FAILED;
  }

  @Override
  public String toString() {
    return label();
  }
}
