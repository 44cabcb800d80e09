package org.reposearcheval.evals.checkout;

import org.reposearcheval.evals.checkout.Checkouts.Tree;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.util.Durations;

/** One prepare step as its record has it: which server, how it ended, and what it printed. */
record StepRecord(String server, String status, long durationMs, Integer exitCode, String output) {

  boolean prepared() {
    return status.equals(Preparation.PREPARED);
  }

  /** Why the runs of {@code tree} in its arms did not start: the step's own words. */
  String failure(Tree tree) {
    String what =
        switch (status) {
          case Preparation.TIMEOUT -> "timed out";
          case Preparation.CANCELLED -> "was cancelled";
          default -> exitCode == null ? "failed" : "failed (exit code " + exitCode + ")";
        };
    return "prepare step of MCP server '"
        + server
        + "' "
        + what
        + " in "
        + tree
        + " after "
        + Durations.format(durationMs)
        + (output.isBlank() ? "" : ": " + output.strip());
  }
}
