package org.reposearcheval.cmd;

import org.reposearcheval.evals.Evaluation;
import org.reposearcheval.evals.report.Report;

/** What the process exit code tells a script or a CI job. */
final class ExitCodes {
  /** Every run ended with a verdict: passed or failed. */
  static final int OK = 0;

  /** Some run ended error, timeout, invalid or cancelled: the numbers are incomplete. */
  static final int RUNS_INCOMPLETE = 1;

  /** {@code compare}: the head regressed beyond a threshold. */
  static final int REGRESSION = 1;

  /** Bad input or usage; nothing ran. */
  static final int BAD_INPUT = 2;

  /** Interrupted (Ctrl-C or SIGTERM); the partial report was written. */
  static final int INTERRUPTED = 130;

  private ExitCodes() {}

  /** An evaluation's: interrupted, else as its report's runs ended. */
  static int of(Evaluation.Outcome outcome) {
    return outcome.interrupted() ? INTERRUPTED : of(outcome.report());
  }

  /** A report's: {@link #OK} when every run ended with a verdict, else {@link #RUNS_INCOMPLETE}. */
  static int of(Report report) {
    return report.rawResults().stream().allMatch(r -> r.status().isVerdict())
        ? OK
        : RUNS_INCOMPLETE;
  }
}
