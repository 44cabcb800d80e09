package org.reposearcheval.evals.run;

import java.util.List;

/**
 * What the agent was offered over MCP and when it first used it: the {@code mcp__<server>__<tool>}
 * tools its init event listed, and how many turns (assistant messages) came before the one with its
 * first MCP tool call; null when it made none.
 */
public record McpUse(List<String> offeredTools, Integer turnsBeforeFirstCall) {
  public McpUse {
    offeredTools = offeredTools == null ? List.of() : List.copyOf(offeredTools);
  }

  /** True when the agent called at least one MCP tool. */
  public boolean used() {
    return turnsBeforeFirstCall != null;
  }
}
