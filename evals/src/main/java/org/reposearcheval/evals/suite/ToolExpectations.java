package org.reposearcheval.evals.suite;

import java.util.List;

/**
 * What the agent's tool calls must look like: each of {@code used} called at least once, none of
 * {@code notUsed} called, and at most {@code maxCalls} calls in all (null: no limit).
 */
public record ToolExpectations(List<ToolName> used, List<ToolName> notUsed, Integer maxCalls) {
  public static final ToolExpectations NONE = new ToolExpectations(List.of(), List.of(), null);

  public ToolExpectations {
    used = List.copyOf(used);
    notUsed = List.copyOf(notUsed);
    if (maxCalls != null && maxCalls < 0) {
      throw new IllegalArgumentException("maxCalls must be at least 0");
    }
  }

  boolean isEmpty() {
    return used.isEmpty() && notUsed.isEmpty() && maxCalls == null;
  }
}
