package org.reposearcheval.evals.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * The with-MCP arm's servers, in Claude Code's own {@code {"mcpServers": {...}}} format. The file
 * is handed to Claude Code as it is; for the other agents each adapter translates {@link #servers}
 * into the agent's own form. {@code serverNames} are the servers whose tools a run may call.
 */
public record McpConfig(Path file, List<String> serverNames, List<Server> servers) {

  /**
   * One server as the file gives it: a local one started as {@code command} with {@code args} and
   * {@code env}, or a remote one at {@code url} ({@code type} {@code http} or {@code sse}, with
   * {@code headers}). Absent fields are empty, never null.
   */
  public record Server(
      String name,
      String command,
      List<String> args,
      Map<String, String> env,
      String url,
      String type,
      Map<String, String> headers) {
    public Server {
      command = command == null ? "" : command;
      args = List.copyOf(args);
      env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
      url = url == null ? "" : url;
      type = type == null ? "" : type;
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** True for a server the agent starts itself (stdio), false for one it reaches at a URL. */
    public boolean local() {
      return !command.isEmpty();
    }
  }

  /** The baseline arm's configuration: no server at all. */
  public static final String NO_SERVERS = "{\"mcpServers\":{}}";

  public McpConfig {
    serverNames = List.copyOf(serverNames);
    servers = List.copyOf(servers);
  }

  /** Servers known by name only: enough for Claude Code, which reads the file itself. */
  public McpConfig(Path file, List<String> serverNames) {
    this(file, serverNames, List.of());
  }

  /**
   * The SHA-256 of the servers as defined (names, commands, arguments, environment, URLs, headers),
   * in hex: the same for the same definitions wherever the file lies and however it is laid out,
   * different when a server, its version in its arguments, or its environment changed.
   */
  public String fingerprint() {
    return Fingerprint.of(Json.COMPACT.writeValueAsBytes(List.of(serverNames, servers))).hex();
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
    List<Server> parsed = new ArrayList<>();
    for (var server : servers.properties()) {
      String where = "mcpServers." + server.getKey();
      JsonNode node = server.getValue();
      if (!node.isObject()) {
        throw new InvalidInputException(file, where, "must be an object (command/args or url)");
      }
      if (!node.has("command") && !node.has("url")) {
        throw new InvalidInputException(file, where, "needs a 'command' or a 'url'");
      }
      parsed.add(
          new Server(
              server.getKey(),
              string(file, node, "command", where),
              strings(file, node.get("args"), where + ".args"),
              map(file, node.get("env"), where + ".env"),
              string(file, node, "url", where),
              string(file, node, "type", where),
              map(file, node.get("headers"), where + ".headers")));
    }
    return new McpConfig(
        file.toAbsolutePath().normalize(), List.copyOf(servers.propertyNames()), parsed);
  }

  private static String string(Path file, JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new InvalidInputException(file, where + "." + field, "must be a string");
    }
    return value.asString();
  }

  private static List<String> strings(Path file, JsonNode list, String where) {
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new InvalidInputException(file, where, "must be a list of strings");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!list.get(i).isString()) {
        throw new InvalidInputException(file, where + "[" + i + "]", "must be a string");
      }
      values.add(list.get(i).asString());
    }
    return values;
  }

  private static Map<String, String> map(Path file, JsonNode object, String where) {
    if (object == null || object.isNull()) {
      return Map.of();
    }
    if (!object.isObject()) {
      throw new InvalidInputException(file, where, "must be an object of strings");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (var entry : object.properties()) {
      if (!entry.getValue().isString()) {
        throw new InvalidInputException(file, where + "." + entry.getKey(), "must be a string");
      }
      values.put(entry.getKey(), entry.getValue().asString());
    }
    return values;
  }
}
