package org.reposearcheval.evals.run;

/** Token counts from the result event's {@code usage}. */
public record Usage(
    long inputTokens, long outputTokens, long cacheReadInputTokens, long cacheCreationInputTokens) {
  public static final Usage NONE = new Usage(0, 0, 0, 0);
}
