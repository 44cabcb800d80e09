package org.reposearcheval.evals.agent.auggie;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.process.ProcessTree;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.Json;

/**
 * The arm's MCP servers as the Augment CLI takes them, and its names for their tools. Its {@code
 * --mcp-config} reads the same {@code {"mcpServers": {...}}} shape as Claude Code: a local server
 * as {@code command}, {@code args}, {@code env}; a remote one as {@code type} ({@code http} or
 * {@code sse}), {@code url}, {@code headers}. It names an MCP tool {@code <tool>_<server>}, each
 * part with every character but letters, digits, {@code _} and {@code -} made {@code _}, cut to 64
 * characters (read from the 0.36.0 bundle: {@code createNamespacedToolName}).
 */
final class AuggieMcp {
  /** Longest tool name the CLI makes; a longer one is cut, its server suffix with it. */
  private static final int MAX_TOOL_NAME = 64;

  /**
   * Tools of {@code @modelcontextprotocol/server-filesystem} that change files: removed for every
   * server of the arm, as the CLI in print mode runs any tool it offers. Other servers' write tools
   * are not known here; an arm removes them with {@code --remove-tool} in its own arguments.
   */
  static final List<String> WRITE_TOOLS =
      List.of("write_file", "edit_file", "create_directory", "move_file");

  /**
   * Stands for the run's marker in the config file, which is written before the run has one; the
   * wrapper script puts the marker in as the run starts ({@link AugmentCli#SESSION_SCRIPT}).
   */
  static final String MARKER_PLACEHOLDER = "@" + ProcessTree.RUN_MARKER + "@";

  private AuggieMcp() {}

  /** {@code config}'s servers in the CLI's own JSON. */
  static String json(McpConfig config) {
    Map<String, Object> servers = new LinkedHashMap<>();
    for (McpConfig.Server server : config.servers()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      if (server.local()) {
        // The CLI runs `command args…` joined by spaces through `sh -c`: each part is quoted, so
        // spaces and shell characters in a path reach the server as they are.
        entry.put("command", shellQuoted(server.command()));
        entry.put("args", server.args().stream().map(AuggieMcp::shellQuoted).toList());
        // It gives a server only HOME, PATH, SHELL, TERM and this env: the run's marker goes in
        // too, so the harness finds a server, or a helper it started, that outlives the CLI.
        Map<String, String> env = new LinkedHashMap<>(server.env());
        env.put(ProcessTree.RUN_MARKER, MARKER_PLACEHOLDER);
        entry.put("env", env);
      } else {
        // Claude Code's remote servers name their transport; "http" where the file did not.
        entry.put("type", server.type().isEmpty() ? "http" : server.type());
        entry.put("url", server.url());
        if (!server.headers().isEmpty()) {
          entry.put("headers", server.headers());
        }
      }
      servers.put(server.name(), entry);
    }
    return Json.COMPACT.writeValueAsString(Map.of("mcpServers", servers));
  }

  /** The names the CLI gives {@code server}'s write tools, for {@code --remove-tool}. */
  static List<String> writeToolNames(String server) {
    return WRITE_TOOLS.stream().map(tool -> toolName(tool, server)).toList();
  }

  /** The CLI's name for {@code tool} of {@code server}. */
  static String toolName(String tool, String server) {
    String name = sanitize(tool) + "_" + sanitize(server);
    return name.length() <= MAX_TOOL_NAME ? name : name.substring(0, MAX_TOOL_NAME);
  }

  /**
   * {@code mcp__<server>__<tool>} for a tool the CLI named {@code <tool>_<server>} after one of
   * {@code servers} (the longest that fits wins); empty for a built-in tool.
   */
  static Optional<String> normalized(String toolName, Collection<String> servers) {
    String best = null;
    for (String server : servers) {
      String suffix = "_" + sanitize(server);
      if (toolName.endsWith(suffix)
          && toolName.length() > suffix.length()
          && (best == null || server.length() > best.length())) {
        best = server;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    String tool = toolName.substring(0, toolName.length() - sanitize(best).length() - 1);
    return Optional.of("mcp__" + sanitize(best) + "__" + tool);
  }

  /** The servers a reader should know: the arm's and those the run reported, once each. */
  static List<String> known(Collection<String> configured, Collection<String> reported) {
    List<String> all = new ArrayList<>(configured);
    reported.stream().filter(name -> !all.contains(name)).forEach(all::add);
    return all;
  }

  /** {@code text} as one word for {@code sh}: single-quoted, a quote in it closed and escaped. */
  static String shellQuoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private static String sanitize(String name) {
    return name.replaceAll("[^A-Za-z0-9_-]", "_");
  }
}
