package org.reposearcheval.evals.suite;

import java.util.List;

/**
 * What one MCP server of an arm said when the harness asked it itself, before any run ({@code
 * initialize} and {@code tools/list}): the name the MCP config gives it ({@code server}), how it
 * was reached ({@code stdio}, {@code http} or {@code sse}), its own name and version ({@code
 * serverInfo}; null when it gave none), the milliseconds from start to its answer to {@code
 * initialize} ({@code startMs}), and its tools in its order, each with a hash of its input schema.
 */
public record ServerManifest(
    String server, String transport, String name, String version, long startMs, List<Tool> tools) {

  public ServerManifest {
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  /**
   * One tool: its name and {@code sha256:} over its input schema as compact JSON with sorted keys,
   * so the same schema hashes the same however the server lays it out.
   */
  public record Tool(String name, String schemaHash) {}

  /**
   * The tools as runs name them, {@code mcp__<server>__<tool>}, the server's name with each
   * character a tool name cannot hold as {@code _} (as the agents spell it).
   */
  public List<String> toolNames() {
    String prefix = "mcp__" + server.replaceAll("[^A-Za-z0-9_-]", "_") + "__";
    return tools.stream().map(t -> prefix + t.name()).toList();
  }
}
