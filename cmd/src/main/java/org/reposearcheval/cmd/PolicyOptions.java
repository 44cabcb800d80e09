package org.reposearcheval.cmd;

import java.time.Duration;
import java.util.Optional;
import org.reposearcheval.evals.Policy;
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
      names = "--max-cost",
      paramLabel = "USD",
      description =
          "Budget in money: no run starts once the money spent plus the expected cost of the runs"
              + " in flight would pass it; the runs not started end cancelled (budget), and"
              + " --resume DIR --max-cost USD runs exactly those.")
  Double maxCostUsd;

  @Option(
      names = "--min-free-memory",
      paramLabel = "MB",
      defaultValue = "512",
      description = "No new run starts while less memory is available (default: ${DEFAULT-VALUE}).")
  long minFreeMemoryMb;

  Policy policy() {
    return new Policy(
        retries,
        failFast,
        Optional.ofNullable(maxDuration),
        minFreeMemoryBytes(),
        Optional.ofNullable(maxCostUsd));
  }

  long minFreeMemoryBytes() {
    return minFreeMemoryMb << 20;
  }
}
