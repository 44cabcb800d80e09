package org.reposearcheval.evals.run;

import java.time.Duration;

/**
 * The policy {@link Retrying} applies: extra attempts for transient failures ({@code --retries}),
 * with exponential backoff and jitter from {@code baseBackoff}; the limit on runs in flight told
 * when the API pushes back and when a run gets through; and the floor of free memory waited for
 * before each attempt.
 */
public record Retries(int max, Duration baseBackoff, AdaptiveLimit limit, MemoryFloor memory) {
  /** One attempt, no feedback, no floor. */
  public static final Retries NONE =
      new Retries(0, Duration.ofSeconds(2), new AdaptiveLimit(1), MemoryFloor.NONE);
}
