package org.reposearcheval.evals;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted stand-in for the Augment backend on 127.0.0.1, the only service the Augment CLI talks
 * to, so tests can run the real {@code auggie} offline ({@code AUGMENT_SESSION_AUTH} naming {@link
 * #baseUrl()} as its tenant). Its protocol is the one the CLI 0.36.0 speaks (read from its bundle,
 * checked by running it): JSON {@code POST}s, answered
 *
 * <ul>
 *   <li>{@code /get-models}: one model, {@code scripted}, the default; without its {@code
 *       suggested_*_char_count} the CLI falls back to default feature flags, and with those it
 *       sends no prompt at all;
 *   <li>{@code /settings/get-mcp-user-configs}: the account's registry MCP servers, which the CLI
 *       merges into every run ({@link #withRegistryServer}); {@code get-mcp-tenant-configs}: none;
 *   <li>{@code /agents/list-remote-tools}: {@code {"tools": []}} (anything else makes it report an
 *       error);
 *   <li>{@code /chat-stream}: one model call, given to the {@link ScriptedHttpServer.Script} and
 *       answered as newline-delimited JSON chunks {@code {"text", "nodes", "stop_reason"}}: node
 *       type 0 text, 5 {@code tool_use}, 9 {@code billing_metadata}, 10 {@code token_usage}; stop
 *       reason 1 the end of the turn, 3 a tool call;
 *   <li>anything else ({@code /report-error}, {@code /record-session-events}, indexing uploads):
 *       {@code {}}.
 * </ul>
 *
 * <p>A model call's tools are in {@code tool_definitions}, the prompt in the first call's {@code
 * nodes} (type 0, {@code text_node.content}), tool results in a later call's {@code nodes} (type 1,
 * {@code tool_result_node.content}). A script that throws gets the CLI an HTTP 500 and lands in
 * {@link #failures()}.
 */
public final class ScriptedAugmentBackend extends ScriptedHttpServer {

  /** What each model call costs, in dollars: the backend's own charge. */
  public static final double COST_PER_CALL = 0.002;

  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<ObjectNode> registry = new CopyOnWriteArrayList<>();

  private ScriptedAugmentBackend(Script script) {
    super(script);
  }

  public static ScriptedAugmentBackend start(Script script) {
    return new ScriptedAugmentBackend(script);
  }

  /** A server attached to the account: the CLI starts it in every run, whatever it is told. */
  public ScriptedAugmentBackend withRegistryServer(String name, String command, List<String> args) {
    ObjectNode entry = MAPPER.createObjectNode().put("id", UUID.randomUUID().toString());
    ObjectNode config = entry.putObject("config").put("name", name).put("command", command);
    ArrayNode argList = config.putArray("args");
    args.forEach(argList::add);
    registry.add(entry);
    return this;
  }

  /**
   * The CLI's login for this stand-in: its {@code session.json}, or {@code AUGMENT_SESSION_AUTH}.
   */
  public String session(String accessToken) {
    ObjectNode session = MAPPER.createObjectNode().put("accessToken", accessToken);
    session.put("tenantURL", baseUrl()).putArray("scopes").add("email");
    return MAPPER.writeValueAsString(session);
  }

  /** The test's environment with {@code AUGMENT_SESSION_AUTH} pointing at this stand-in. */
  public Map<String, String> environment(String accessToken) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("AUGMENT_SESSION_AUTH", session(accessToken));
    return env;
  }

  /** Every {@code /chat-stream} body received so far. */
  public List<JsonNode> calls() {
    return requests();
  }

  /** The path of every request so far, in order. */
  public List<String> paths() {
    return List.copyOf(paths);
  }

  /** The names of the tools a model call offered. */
  public static List<String> offeredTools(JsonNode call) {
    return call.path("tool_definitions").values().stream()
        .map(tool -> tool.path("name").asString(""))
        .toList();
  }

  /** The content of the last tool result a model call carries, if any. */
  public static Optional<String> toolResult(JsonNode call) {
    return toolResults(call).stream().reduce((first, last) -> last);
  }

  /** The content of the tool results a model call carries; empty for the first call of a turn. */
  public static List<String> toolResults(JsonNode call) {
    List<String> results = new ArrayList<>();
    for (JsonNode node : call.path("nodes")) {
      if (node.path("type").asInt(-1) == 1) {
        results.add(node.path("tool_result_node").path("content").asString(""));
      }
    }
    return results;
  }

  /** The prompt, as the first model call of a run carries it. */
  public static String prompt(JsonNode call) {
    for (JsonNode node : call.path("nodes")) {
      if (node.path("type").asInt(-1) == 0) {
        return node.path("text_node").path("content").asString("");
      }
    }
    return "";
  }

  @Override
  public String baseUrl() {
    return super.baseUrl() + "/";
  }

  @Override
  void sendFailure(HttpExchange exchange, Throwable e) throws IOException {
    send(exchange, 500, JSON, "{\"error\":\"stand-in failed\"}");
  }

  @Override
  void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    paths.add(path);
    byte[] body = exchange.getRequestBody().readAllBytes();
    switch (path) {
      case "/get-models" ->
          send(
              exchange,
              200,
              JSON,
              "{\"default_model\":\"scripted\",\"models\":[{\"name\":\"scripted\","
                  + "\"suggested_prefix_char_count\":0,\"suggested_suffix_char_count\":0}],"
                  + "\"feature_flags\":{}}");
      case "/settings/get-mcp-user-configs" -> {
        ObjectNode reply = MAPPER.createObjectNode();
        ArrayNode configs = reply.putArray("mcp_configs");
        registry.forEach(configs::add);
        send(exchange, 200, JSON, MAPPER.writeValueAsString(reply));
      }
      case "/agents/list-remote-tools" -> send(exchange, 200, JSON, "{\"tools\":[]}");
      case "/chat-stream" -> answer(exchange, MAPPER.readTree(body));
      default -> send(exchange, 200, JSON, "{}");
    }
  }

  private void answer(HttpExchange exchange, JsonNode call) throws IOException {
    List<ObjectNode> chunks = new ArrayList<>();
    switch (reply(call)) {
      case Reply.Error e -> {
        send(exchange, e, "{\"error\":\"scripted " + e.status() + "\"}");
        return;
      }
      case Reply.Hang() -> {
        awaitClose();
        return;
      }
      case Reply.Text(String text) -> {
        ObjectNode chunk = chunk(text, 1);
        chunk.withArray("nodes").add(node(0).put("content", text));
        chunks.add(chunk);
      }
      case Reply.ToolUse(String name, JsonNode input) -> {
        ObjectNode chunk = chunk("", 3);
        ObjectNode toolUse = MAPPER.createObjectNode();
        toolUse.put("tool_use_id", "toolu_" + UUID.randomUUID().toString().replace("-", ""));
        toolUse.put("tool_name", name).put("input_json", MAPPER.writeValueAsString(input));
        chunk.withArray("nodes").add(node(5).set("tool_use", toolUse));
        chunks.add(chunk);
      }
    }
    // The charge and the token counts arrive as nodes of a last chunk, as the backend sends them.
    ObjectNode accounting = MAPPER.createObjectNode().put("text", "");
    ArrayNode nodes = accounting.putArray("nodes");
    ObjectNode billing = MAPPER.createObjectNode();
    billing.put("transaction_id", UUID.randomUUID().toString());
    billing.put("cost_usd", COST_PER_CALL).put("usage_unit", 2);
    nodes.add(node(9).set("billing_metadata", billing));
    ObjectNode tokens = MAPPER.createObjectNode().put("input_tokens", tokens(call));
    tokens.put("output_tokens", 20).put("cache_read_input_tokens", 0);
    nodes.add(node(10).set("token_usage", tokens));
    chunks.add(accounting);
    StringBuilder ndjson = new StringBuilder();
    chunks.forEach(c -> ndjson.append(MAPPER.writeValueAsString(c)).append('\n'));
    send(exchange, 200, JSON, ndjson.toString());
  }

  private static ObjectNode chunk(String text, int stopReason) {
    ObjectNode chunk = MAPPER.createObjectNode().put("text", text);
    chunk.putArray("nodes");
    return chunk.put("stop_reason", stopReason);
  }

  private static ObjectNode node(int type) {
    return MAPPER.createObjectNode().put("id", type).put("type", type);
  }

  /** About four bytes a token. */
  private static int tokens(JsonNode call) {
    return Math.max(1, MAPPER.writeValueAsString(call).length() / 4);
  }
}
