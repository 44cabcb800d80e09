package org.reposearcheval.evals;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the evaluation copes when things go wrong.
 *
 * @param retries extra attempts for a run that failed for a transient reason (rate limit, overload,
 *     an agent that died without a result); never for a timeout or a wrong answer
 * @param failFast the first infrastructure failure (error, timeout, invalid) cancels the rest
 * @param maxDuration a budget for the whole evaluation; when spent, unfinished runs are cancelled
 * @param minFreeMemoryBytes no new run starts while the machine has less memory available
 */
public record Policy(
    int retries,
    boolean failFast,
    Optional<Duration> maxDuration,
    long minFreeMemoryBytes,
    Optional<Double> maxCostUsd) {
  public static final Policy DEFAULTS = new Policy(2, false, Optional.empty(), 512L << 20);

  /** A policy without a money budget. */
  public Policy(
      int retries, boolean failFast, Optional<Duration> maxDuration, long minFreeMemoryBytes) {
    this(retries, failFast, maxDuration, minFreeMemoryBytes, Optional.empty());
  }

  public Policy {
    maxCostUsd = maxCostUsd == null ? Optional.empty() : maxCostUsd;
    if (maxCostUsd.isPresent() && !(maxCostUsd.get() > 0)) {
      throw new IllegalArgumentException(
          "--max-cost must be more than 0 dollars, got " + maxCostUsd.get());
    }
    if (retries < 0) {
      throw new IllegalArgumentException("--retries must not be negative, got " + retries);
    }
    Objects.requireNonNull(maxDuration, "maxDuration");
    if (minFreeMemoryBytes < 0) {
      // --min-free-memory is given in MB.
      throw new IllegalArgumentException(
          "--min-free-memory must not be negative, got " + (minFreeMemoryBytes >> 20));
    }
  }
}
