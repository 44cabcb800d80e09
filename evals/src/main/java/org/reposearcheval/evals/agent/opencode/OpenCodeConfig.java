package org.reposearcheval.evals.agent.opencode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one OpenCode run is configured with, as the two variables OpenCode reads last: {@code
 * OPENCODE_CONFIG_CONTENT} (the arm's MCP servers in OpenCode's own {@code mcp} form, no undo
 * snapshots, no sharing) and {@code OPENCODE_PERMISSION} (read-only: every tool denied but the
 * reading ones and the arm's MCP servers, whose writing tools are denied again by name).
 *
 * <p>OpenCode merges {@code OPENCODE_PERMISSION} into the permissions after every config file,
 * managed ones included, and its rules are matched last-first: the rules below come last and so
 * decide. A denied tool is not offered to the model at all.
 */
final class OpenCodeConfig {
  /** The variable an arm's {@code env} may set to give OpenCode its own settings (a provider). */
  static final String CONTENT = "OPENCODE_CONFIG_CONTENT";

  static final String PERMISSION = "OPENCODE_PERMISSION";

  /**
   * {@code OPENCODE_PERMISSION} of a run offered no tools (a judge's): every tool denied, so none
   * is offered; a run with no MCP server has no other.
   */
  static ObjectNode noTools() {
    return Json.MAPPER.createObjectNode().put("*", "deny");
  }

  /**
   * The built-in tools that only look, besides {@code read}: {@code list} is gone from OpenCode
   * 1.18 but allowed for the versions that have it.
   */
  static final List<String> LOOKING_TOOLS = List.of("glob", "grep", "list");

  /**
   * How MCP tools that change things begin, after {@code <server>_}: the filesystem server's {@code
   * write_file}, {@code edit_file}, {@code create_directory}, {@code move_file}, and the verbs
   * other servers use for the same. A write tool named otherwise is not caught.
   */
  static final List<String> WRITE_VERBS =
      List.of(
          "write", "edit", "create", "move", "delete", "remove", "rename", "patch", "update",
          "insert", "replace", "append", "apply", "mkdir", "set_", "put_", "upload", "commit",
          "push");

  /**
   * Keys of an arm's own config that would change what a run may do: its permissions (also as an
   * agent's, or as the older {@code tools} switches, both merged after {@code
   * OPENCODE_PERMISSION}), its agents, and plugins, which run code of their own. The harness's
   * settings take their place; the rest (providers, models) stays.
   */
  static final List<String> HARNESS_KEYS =
      List.of("permission", "tools", "agent", "mode", "default_agent", "plugin", "mcp");

  private OpenCodeConfig() {}

  /**
   * {@code OPENCODE_CONFIG_CONTENT} for a run: the arm's own (from its {@code env}), if any, with
   * the harness's settings in place of its own where they clash.
   *
   * @param armContent the arm's {@code OPENCODE_CONFIG_CONTENT}, a JSON object
   * @param mcp the arm's servers; none for a baseline
   * @param maxTurns the most model calls a run may make
   */
  static ObjectNode content(
      Optional<String> armContent, Optional<McpConfig> mcp, Optional<Integer> maxTurns) {
    ObjectNode config =
        armContent.map(OpenCodeConfig::parseArmContent).orElseGet(Json.MAPPER::createObjectNode);
    // Undo snapshots copy the whole repository into a git store in the run's home on every run.
    config.put("snapshot", false);
    config.put("share", "disabled");
    config.put("autoupdate", false);
    config.remove(HARNESS_KEYS);
    ObjectNode servers = config.putObject("mcp");
    mcp.ifPresent(m -> servers(m).forEach(servers::set));
    maxTurns.ifPresent(turns -> agentSettings(config).put("steps", turns));
    return config;
  }

  /** The {@code build} agent's settings: the agent {@code opencode run} uses. */
  private static ObjectNode agentSettings(ObjectNode config) {
    JsonNode agents = config.get("agent");
    ObjectNode all = agents instanceof ObjectNode object ? object : config.putObject("agent");
    JsonNode build = all.get("build");
    return build instanceof ObjectNode object ? object : all.putObject("build");
  }

  /** The arm's servers in OpenCode's form, by name. */
  static Map<String, ObjectNode> servers(McpConfig mcp) {
    if (mcp.servers().isEmpty() && !mcp.serverNames().isEmpty()) {
      throw new InvalidInputException(
          mcp.file(), "mcpServers", "OpenCode needs each server's command or url");
    }
    Map<String, ObjectNode> servers = new java.util.LinkedHashMap<>();
    for (McpConfig.Server server : mcp.servers()) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      if (server.local()) {
        out.put("type", "local");
        var command = out.putArray("command").add(server.command());
        server.args().forEach(command::add);
        if (!server.env().isEmpty()) {
          ObjectNode env = out.putObject("environment");
          server.env().forEach(env::put);
        }
      } else {
        // OpenCode tries streamable HTTP first and falls back to SSE: both of Claude's types.
        out.put("type", "remote").put("url", server.url());
        if (!server.headers().isEmpty()) {
          ObjectNode headers = out.putObject("headers");
          server.headers().forEach(headers::put);
        }
      }
      out.put("enabled", true);
      servers.put(server.name(), out);
    }
    return servers;
  }

  /**
   * {@code OPENCODE_PERMISSION}: everything denied, then the reading tools and the tools of the
   * arm's servers allowed, then those servers' writing tools denied again.
   */
  static ObjectNode permission(List<String> serverNames) {
    ObjectNode permission = Json.MAPPER.createObjectNode();
    permission.put("*", "deny");
    // OpenCode's own default keeps secrets in .env files from the model; so does the harness.
    ObjectNode read = permission.putObject("read");
    read.put("*", "allow").put("*.env", "deny").put("*.env.*", "deny");
    read.put("*.env.example", "allow");
    LOOKING_TOOLS.forEach(tool -> permission.put(tool, "allow"));
    for (String server : serverNames) {
      permission.put(toolPrefix(server) + "*", "allow");
    }
    for (String server : serverNames) {
      for (String verb : WRITE_VERBS) {
        permission.put(toolPrefix(server) + verb + "*", "deny");
      }
    }
    return permission;
  }

  /** How OpenCode names a server's tools: {@code <server>_<tool>}, odd characters as {@code _}. */
  static String toolPrefix(String server) {
    return ToolNames.sanitize(server) + "_";
  }

  private static ObjectNode parseArmContent(String text) {
    try {
      if (Json.STRICT.readTree(text) instanceof ObjectNode object) {
        return object;
      }
    } catch (JacksonException e) {
      // Where, never Jackson's message: it quotes the text around the fault, which may be a key.
      var where = e.getLocation();
      throw new InvalidInputException(
          "the arm's "
              + CONTENT
              + " is not valid JSON"
              + (where == null || where.getLineNr() < 1
                  ? ""
                  : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
    }
    throw new InvalidInputException("the arm's " + CONTENT + " must be a JSON object");
  }
}
