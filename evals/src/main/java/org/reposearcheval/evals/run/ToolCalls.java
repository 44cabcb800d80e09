package org.reposearcheval.evals.run;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

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
