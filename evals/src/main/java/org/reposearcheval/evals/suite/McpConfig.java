package org.reposearcheval.evals.suite;

import java.nio.file.Path;
import java.util.List;
import org.reposearcheval.evals.util.InvalidInputException;
import tools.jackson.databind.JsonNode;

/**
 * The with-MCP arm's servers, in Claude Code's own {@code {"mcpServers": {...}}} format. The file
 * is handed to Claude Code as it is; the harness reads it only to name the servers, whose tools the
 * run is allowed to call.
 */
public record McpConfig(Path file, List<String> serverNames) {

  /** The baseline arm's configuration: no server at all. */
  public static final String NO_SERVERS = "{\"mcpServers\":{}}";

  public McpConfig {
    serverNames = List.copyOf(serverNames);
  }

  /** Reads and checks {@code file}. */
  public static McpConfig load(Path file) {
    JsonNode root = JsonFields.read(file, "MCP config");
    JsonNode servers = root == null ? null : root.get("mcpServers");
    if (servers == null || !servers.isObject()) {
      throw new InvalidInputException(file, "mcpServers", "missing or not an object");
    }
    if (servers.isEmpty()) {
      throw new InvalidInputException(file, "mcpServers", "names no server");
    }
    for (var server : servers.properties()) {
      if (!server.getValue().isObject()) {
        throw new InvalidInputException(
            file, "mcpServers." + server.getKey(), "must be an object (command/args or url)");
      }
      if (!server.getValue().has("command") && !server.getValue().has("url")) {
        throw new InvalidInputException(
            file, "mcpServers." + server.getKey(), "needs a 'command' or a 'url'");
      }
    }
    return new McpConfig(file.toAbsolutePath().normalize(), List.copyOf(servers.propertyNames()));
  }
}
