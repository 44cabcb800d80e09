package org.reposearcheval.evals.run;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run's agent reported of its tools: the calls it made, the MCP servers its init event
 * listed, and what it was offered over MCP and when it first used it. {@link RunResult} implements
 * this, so they read {@code RunResult.ToolCalls}, {@code RunResult.McpServer} and {@code
 * RunResult.McpUse}.
 */
public interface ToolUsage {
  /** Tool calls the agent made, from its {@code tool_use} blocks; MCP tools are {@code mcp__*}. */
  public record ToolCalls(int total, int mcp, Map<String, Integer> byName) {
    public static final ToolCalls NONE = new ToolCalls(0, 0, Map.of());

    public ToolCalls {
      byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    /** The calls counted by name, MCP tools being those named {@code mcp__*}. */
    public static ToolCalls of(Map<String, Integer> byName) {
      int total = byName.values().stream().mapToInt(Integer::intValue).sum();
      int mcp =
          byName.entrySet().stream()
              .filter(e -> e.getKey().startsWith("mcp__"))
              .mapToInt(Map.Entry::getValue)
              .sum();
      return new ToolCalls(total, mcp, byName);
    }
  }

  /**
   * What the agent was offered over MCP and when it first used it: the {@code
   * mcp__<server>__<tool>} tools its init event listed, and how many turns (assistant messages)
   * came before the one with its first MCP tool call; null when it made none.
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

  /** An MCP server as the agent's init event reported it. */
  public record McpServer(String name, String status) {
    public boolean connected() {
      return "connected".equals(status);
    }
  }
}
