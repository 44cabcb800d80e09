package org.reposearcheval.evals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of the settings that say what runs and within which bounds: the schedule, each run's
 * limits, and the evaluation's policy when things go wrong. {@link EvalSettings} implements this,
 * so they read {@code EvalSettings.Schedule}, {@code EvalSettings.PerRun} and {@code
 * EvalSettings.Policy}; each checks its own values, a message naming the option that sets it.
 */
public interface RunBounds {
  /**
   * What runs and how: the arms, the repetitions, the runs at once, and where the start order comes
   * from ({@code history}: a run directory whose durations put the longest jobs first, {@value
   * #HISTORY_LATEST} for the latest run beside the output, {@code none} or null for the plan's own
   * order). With {@code autoRuns} ({@code --runs auto:K}), {@code runs} is the most a case gets:
   * further runs only where its results differ ({@link org.reposearcheval.evals.run.AutoRuns}).
   */
  public record Schedule(
      @JsonProperty("modes") List<String> arms,
      int runs,
      int parallel,
      @JsonInclude(JsonInclude.Include.NON_NULL) String history,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean autoRuns) {
    /** {@code history} that takes the latest run directory beside the output. */
    public static final String HISTORY_LATEST = "latest";

    public Schedule(List<String> arms, int runs, int parallel) {
      this(arms, runs, parallel, null);
    }

    /** {@code runs} repetitions of every case ({@code --runs N}). */
    public Schedule(List<String> arms, int runs, int parallel, String history) {
      this(arms, runs, parallel, history, false);
    }

    public Schedule {
      arms = List.copyOf(arms);
      if (arms.isEmpty()) {
        throw new IllegalArgumentException("no arm to run");
      }
      if (runs < 1) {
        throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
      }
      if (parallel < 0) {
        throw new IllegalArgumentException("--parallel must not be negative, got " + parallel);
      }
    }
  }

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

  /**
   * How the evaluation copes when things go wrong.
   *
   * @param retries extra attempts for a run that failed for a transient reason (rate limit,
   *     overload, an agent that died without a result); never for a timeout or a wrong answer
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
}
