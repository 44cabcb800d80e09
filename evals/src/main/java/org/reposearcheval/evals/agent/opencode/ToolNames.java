package org.reposearcheval.evals.agent.opencode;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * OpenCode's tool names in the harness's form. OpenCode names an MCP tool {@code <server>_<tool>},
 * each part with every character outside {@code [A-Za-z0-9_-]} made {@code _}; here it is {@code
 * mcp__<server>__<tool>}, as Claude Code names it. Built-in tools keep their names.
 *
 * <p>The rule, in this order:
 *
 * <ol>
 *   <li>A name that starts with one of the arm's servers and {@code _} is that server's tool (the
 *       longest such server, so {@code repo_index} wins over {@code repo}).
 *   <li>A built-in tool keeps its name.
 *   <li>A call OpenCode refused because no tool has that name (the model made it up) keeps its
 *       name: it proves no server.
 *   <li>Any other name with a {@code _} came from an MCP server the arm was not given, since
 *       neither the private config nor the project's (switched off) can add other tools: {@code
 *       mcp__<up to the first _>__<the rest>}. The server's name is a guess when it holds a {@code
 *       _} itself; that the call is MCP, which makes the run {@code invalid}, is not.
 * </ol>
 */
final class ToolNames {
  /** OpenCode 1.18's built-in tools, and those of the versions around it. */
  static final Set<String> BUILT_IN =
      Set.of(
          "apply_patch",
          "bash",
          "batch",
          "codesearch",
          "edit",
          "glob",
          "grep",
          "invalid",
          "list",
          "lsp",
          "multiedit",
          "patch",
          "plan_enter",
          "plan_exit",
          "question",
          "read",
          "shell",
          "skill",
          "task",
          "todoread",
          "todowrite",
          "webfetch",
          "websearch",
          "write");

  private final List<String> servers;

  /** For a run whose arm configured {@code servers} (by the names its MCP config gives them). */
  ToolNames(List<String> servers) {
    this.servers =
        servers.stream()
            .map(ToolNames::sanitize)
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
  }

  /** As OpenCode puts a server's or a tool's name into a tool name. */
  static String sanitize(String name) {
    return name.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /**
   * The harness's name for a call of {@code tool}; {@code unavailable} when OpenCode answered that
   * no such tool exists.
   */
  String normalize(String tool, boolean unavailable) {
    for (String server : servers) {
      if (tool.startsWith(server + "_") && tool.length() > server.length() + 1) {
        return "mcp__" + server + "__" + tool.substring(server.length() + 1);
      }
    }
    int split = tool.indexOf('_');
    if (BUILT_IN.contains(tool) || unavailable || split <= 0 || split == tool.length() - 1) {
      return tool;
    }
    return "mcp__" + tool.substring(0, split) + "__" + tool.substring(split + 1);
  }
}
