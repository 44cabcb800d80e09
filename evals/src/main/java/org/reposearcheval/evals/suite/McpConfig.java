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

  /**
   * What the harness fills in, per run, in a server's {@code args}, {@code env} values, {@code url}
   * and {@code headers}: {@code ${REPO}}, the absolute path of the tree the run's agent works in
   * (the case's checkout), and {@code ${CASE_ID}}, the case's id. Any other {@code ${VAR}} is left
   * for the agent to expand from its environment, as Claude Code does.
   */
  public static final List<String> PLACEHOLDERS = List.of("REPO", "CASE_ID");

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

  /** True when a server uses one of the {@link #PLACEHOLDERS}: each run gets its own file. */
  public boolean hasPlaceholders() {
    for (Server server : servers) {
      List<String> values = new ArrayList<>(server.args());
      values.addAll(server.env().values());
      values.add(server.url());
      values.addAll(server.headers().values());
      for (String value : values) {
        for (String name : PLACEHOLDERS) {
          if (value.contains("${" + name + "}")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * This config with the {@link #PLACEHOLDERS} filled in from {@code values}, written to {@code
   * target} in the same form (the rest of the file as it was), for one run.
   */
  public McpConfig filledIn(Map<String, String> values, Path target) throws java.io.IOException {
    tools.jackson.databind.node.ObjectNode root =
        (tools.jackson.databind.node.ObjectNode)
            org.reposearcheval.evals.util.Json.STRICT.readTree(
                java.nio.file.Files.readString(file));
    JsonNode servers = root.get("mcpServers");
    List<Server> filled = new ArrayList<>();
    for (Server server : this.servers) {
      tools.jackson.databind.node.ObjectNode node =
          (tools.jackson.databind.node.ObjectNode) servers.get(server.name());
      List<String> args = server.args().stream().map(a -> fill(a, values)).toList();
      Map<String, String> env = fill(server.env(), values);
      Map<String, String> headers = fill(server.headers(), values);
      String url = fill(server.url(), values);
      if (node.has("args")) {
        var list = node.putArray("args");
        args.forEach(list::add);
      }
      if (node.has("env")) {
        var object = node.putObject("env");
        env.forEach(object::put);
      }
      if (node.has("headers")) {
        var object = node.putObject("headers");
        headers.forEach(object::put);
      }
      if (node.has("url")) {
        node.put("url", url);
      }
      filled.add(
          new Server(server.name(), server.command(), args, env, url, server.type(), headers));
    }
    java.nio.file.Files.writeString(
        target, org.reposearcheval.evals.util.Json.MAPPER.writeValueAsString(root));
    return new McpConfig(target.toAbsolutePath().normalize(), serverNames, filled);
  }

  private static String fill(String value, Map<String, String> values) {
    String filled = value;
    for (String name : PLACEHOLDERS) {
      String with = values.get(name);
      if (with != null) {
        filled = filled.replace("${" + name + "}", with);
      }
    }
    return filled;
  }

  private static Map<String, String> fill(Map<String, String> map, Map<String, String> values) {
    Map<String, String> filled = new LinkedHashMap<>();
    map.forEach((k, v) -> filled.put(k, fill(v, values)));
    return filled;
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
