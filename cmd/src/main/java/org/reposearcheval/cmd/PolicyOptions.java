package org.reposearcheval.cmd;

import java.time.Duration;
import java.util.Optional;
import org.reposearcheval.evals.EvalSettings;
import picocli.CommandLine.Option;

/** How the run copes when things go wrong: an option group of {@code run}. */
final class PolicyOptions {
  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "Extra attempts for transient failures only: rate limits, overload, an agent that died"
              + " without a result (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--fail-fast",
      description = "Cancel the rest at the first error, timeout or invalid run.")
  boolean failFast;

  @Option(
      names = "--max-duration",
      paramLabel = "DURATION",
      description = "Budget for the whole run; when spent, unfinished runs are cancelled.")
  Duration maxDuration;

  @Option(
      names = "--min-free-memory",
      paramLabel = "MB",
      defaultValue = "512",
      description = "No new run starts while less memory is available (default: ${DEFAULT-VALUE}).")
  long minFreeMemoryMb;

  EvalSettings.Policy policy() {
    return new EvalSettings.Policy(
        retries, failFast, Optional.ofNullable(maxDuration), minFreeMemoryBytes());
  }

  long minFreeMemoryBytes() {
    return minFreeMemoryMb << 20;
  }
}
