package org.reposearcheval.evals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

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
