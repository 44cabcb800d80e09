package org.reposearcheval.evals;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What each agent run is given: a time limit, a model and a turn limit of its own.
 *
 * @param timeout per run; a case's own timeout wins
 * @param model passed to {@code claude --model}; an arm's own model wins
 * @param maxTurns passed to {@code claude --max-turns}
 * @param maxCostPerRunUsd what one run may spend, passed to an agent with a per-run cap ({@code
 *     claude --max-budget-usd}); refused for an arm whose agent has none
 */
public record PerRun(
    Duration timeout,
    Optional<String> model,
    Optional<Integer> maxTurns,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Double> maxCostPerRunUsd) {
  /** No cap on what one run may spend. */
  public PerRun(Duration timeout, Optional<String> model, Optional<Integer> maxTurns) {
    this(timeout, model, maxTurns, Optional.empty());
  }

  public PerRun {
    maxCostPerRunUsd = maxCostPerRunUsd == null ? Optional.empty() : maxCostPerRunUsd;
    if (maxCostPerRunUsd.isPresent() && !(maxCostPerRunUsd.get() > 0)) {
      throw new IllegalArgumentException(
          "--max-cost-per-run must be more than 0 dollars, got " + maxCostPerRunUsd.get());
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--timeout must be positive, got " + timeout);
    }
    Objects.requireNonNull(model, "model");
    if (maxTurns.isPresent() && maxTurns.get() < 1) {
      throw new IllegalArgumentException("--max-turns must be at least 1, got " + maxTurns.get());
    }
  }

  /** A time limit, the agent's own model and no turn limit. */
  public PerRun(Duration timeout) {
    this(timeout, Optional.empty(), Optional.empty());
  }
}
