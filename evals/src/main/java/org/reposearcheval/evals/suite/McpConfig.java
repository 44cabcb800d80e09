package org.reposearcheval.evals.suite;

import com.fasterxml.jackson.annotation.JsonInclude;
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
      Map<String, String> headers,
      @JsonInclude(JsonInclude.Include.NON_NULL) Prepare prepare) {
    public Server {
      command = command == null ? "" : command;
      args = List.copyOf(args);
      env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
      url = url == null ? "" : url;
      type = type == null ? "" : type;
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A server without a prepare step. */
    public Server(
        String name,
        String command,
        List<String> args,
        Map<String, String> env,
        String url,
        String type,
        Map<String, String> headers) {
      this(name, command, args, env, url, type, headers, null);
    }

    /** True for a server the agent starts itself (stdio), false for one it reaches at a URL. */
    public boolean local() {
      return !command.isEmpty();
    }

    /**
     * This server with its {@code args}, {@code env} values, {@code url} and {@code headers} filled
     * by {@link #fill} ({@code command} only from {@code environment}: no placeholder is filled
     * there); its prepare step as it was.
     */
    public Server filled(Map<String, String> values, Map<String, String> environment) {
      return new Server(
          name,
          fill(command, Map.of(), environment),
          args.stream().map(a -> fill(a, values, environment)).toList(),
          fill(env, values, environment),
          fill(url, values, environment),
          type,
          fill(headers, values, environment),
          prepare);
    }
  }

  /**
   * A server's prepare step: {@code command} with {@code args}, run once per checkout before the
   * first run that needs the server, in the checkout, with the server's {@code env} (an index the
   * server answers from, say). The key is the harness's own: it is stripped from the config every
   * agent gets.
   */
  public record Prepare(String command, List<String> args) {
    public Prepare {
      java.util.Objects.requireNonNull(command, "command");
      args = List.copyOf(args);
    }
  }

  /** The key of a server's prepare step in the file; no agent CLI ever sees it. */
  public static final String PREPARE = "prepare";

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

  /** Reads and checks {@code file}: every problem names the file and the field. */
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
              McpConfigFile.string(file, node, "command", where),
              McpConfigFile.strings(file, node.get("args"), where + ".args"),
              McpConfigFile.map(file, node.get("env"), where + ".env"),
              McpConfigFile.string(file, node, "url", where),
              McpConfigFile.string(file, node, "type", where),
              McpConfigFile.map(file, node.get("headers"), where + ".headers"),
              prepare(McpConfigFile.prepare(file, node.get(PREPARE), where + "." + PREPARE))));
    }
    return new McpConfig(
        file.toAbsolutePath().normalize(), List.copyOf(servers.propertyNames()), parsed);
  }

  private static Prepare prepare(List<String> step) {
    return step == null ? null : new Prepare(step.getFirst(), step.subList(1, step.size()));
  }

  /** True when some server has a prepare step. */
  public boolean hasPrepare() {
    return servers.stream().anyMatch(s -> s.prepare() != null);
  }

  /**
   * The SHA-256 of the servers' prepare steps and the environment they run with, in hex: arms whose
   * servers prepare the same way share a prepared checkout.
   */
  public String prepareFingerprint() {
    List<Object> steps = new ArrayList<>();
    for (Server server : servers) {
      if (server.prepare() != null) {
        steps.add(List.of(server.name(), server.prepare(), server.env()));
      }
    }
    return Fingerprint.of(Json.COMPACT.writeValueAsBytes(steps)).hex();
  }

  /** One server's prepare step as it runs in one checkout: its command line and environment. */
  public record PrepareStep(String server, List<String> command, Map<String, String> env) {
    public PrepareStep {
      command = List.copyOf(command);
      env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }
  }

  /**
   * The prepare steps of the servers that have one, in the file's order, for the checkout in {@code
   * dir}: {@code ${REPO}} is {@code dir}; {@code ${CASE_ID}} in the server's {@code env} is empty.
   */
  public List<PrepareStep> prepareSteps(Path dir) {
    Map<String, String> values = Map.of("REPO", dir.toAbsolutePath().toString(), "CASE_ID", "");
    List<PrepareStep> steps = new ArrayList<>();
    for (Server server : servers) {
      if (server.prepare() != null) {
        List<String> command = new ArrayList<>();
        command.add(fill(server.prepare().command(), values, Map.of()));
        server.prepare().args().forEach(a -> command.add(fill(a, values, Map.of())));
        steps.add(new PrepareStep(server.name(), command, fill(server.env(), values, Map.of())));
      }
    }
    return steps;
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
   * target} in the same form (the rest of the file as it was, but for the servers' {@code prepare}
   * steps, which are the harness's, not the agent's), for one run.
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
      Server with = server.filled(values, Map.of());
      if (node.has("args")) {
        var list = node.putArray("args");
        with.args().forEach(list::add);
      }
      if (node.has("env")) {
        var object = node.putObject("env");
        with.env().forEach(object::put);
      }
      if (node.has("headers")) {
        var object = node.putObject("headers");
        with.headers().forEach(object::put);
      }
      if (node.has("url")) {
        node.put("url", with.url());
      }
      node.remove(PREPARE);
      filled.add(with);
    }
    java.nio.file.Files.writeString(
        target, org.reposearcheval.evals.util.Json.MAPPER.writeValueAsString(root));
    return new McpConfig(target.toAbsolutePath().normalize(), serverNames, filled);
  }

  private static final java.util.regex.Pattern VARIABLE =
      java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /**
   * {@code value} with each of the {@link #PLACEHOLDERS} that {@code values} has filled in, and
   * every other {@code ${VAR}} from {@code environment}, left as written where it has no value
   * there: the one fill for the file an agent gets ({@code environment} empty: the agent expands
   * the rest from its own) and for the servers the harness asks itself ({@link #servers} filled as
   * the agent would fill them).
   */
  public static String fill(
      String value, Map<String, String> values, Map<String, String> environment) {
    java.util.regex.Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String with =
          PLACEHOLDERS.contains(name) && values.containsKey(name)
              ? values.get(name)
              : environment.getOrDefault(name, m.group());
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(with));
    }
    return m.appendTail(out).toString();
  }

  private static Map<String, String> fill(
      Map<String, String> map, Map<String, String> values, Map<String, String> environment) {
    Map<String, String> filled = new LinkedHashMap<>();
    map.forEach((k, v) -> filled.put(k, fill(v, values, environment)));
    return filled;
  }
}
