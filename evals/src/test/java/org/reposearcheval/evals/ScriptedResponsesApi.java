package org.reposearcheval.evals;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted stand-in for the OpenAI Responses API on 127.0.0.1, so tests can run the real Codex
 * CLI offline, fast and deterministically, and then look at exactly what it sent. Codex reaches it
 * as a custom model provider ({@link #codexArgs}): {@code wire_api = "responses"}, the base URL
 * {@link #baseUrl()}{@code /v1}, the key in an environment variable of the test's choosing.
 *
 * <p>Each {@code POST /v1/responses} body is recorded and handed to the {@link
 * ScriptedHttpServer.Script}; its {@link Reply} goes back as the server-sent events the CLI reads:
 * {@code response.created}, {@code response.output_item.added}, a text or arguments delta, {@code
 * response.output_item.done}, and {@code response.completed} with the usage. Any other request gets
 * 404 (and is counted in {@link #otherRequests()}).
 *
 * <p>A script that throws gets the CLI an HTTP 500 and lands in {@link #failures()}, so a broken
 * script fails the test with its own stack trace instead of killing the server.
 */
public final class ScriptedResponsesApi extends ScriptedHttpServer {

  /** The share of each request's input the stand-in reports as read from its prompt cache. */
  public static final double CACHED_SHARE = 0.25;

  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final List<String> otherRequests = new CopyOnWriteArrayList<>();

  private ScriptedResponsesApi(Script script) {
    super(script);
  }

  public static ScriptedResponsesApi start(Script script) {
    return new ScriptedResponsesApi(script);
  }

  /**
   * The arguments that point codex at this stand-in as provider {@code mock}, its key read from
   * {@code keyVariable}, with {@code retries} retries of its own for a failed request.
   */
  public List<String> codexArgs(String keyVariable, int retries) {
    return List.of(
        "-c", "model_provider=mock",
        "-c", "model_providers.mock.name=mock",
        "-c", "model_providers.mock.base_url=" + baseUrl() + "/v1",
        "-c", "model_providers.mock.wire_api=responses",
        "-c", "model_providers.mock.env_key=" + keyVariable,
        "-c", "model_providers.mock.request_max_retries=" + retries,
        "-c", "model_providers.mock.stream_max_retries=" + retries);
  }

  /** The {@code authorization} header of each {@code /v1/responses} request, "" when absent. */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** Method and path of every other request. */
  public List<String> otherRequests() {
    return List.copyOf(otherRequests);
  }

  /**
   * The names of the tools offered: plain functions by their name, a namespace's functions as
   * {@code <namespace>__<name>} ({@code mcp__fs__list_directory}).
   */
  public static List<String> offeredToolNames(JsonNode request) {
    List<String> names = new ArrayList<>();
    for (JsonNode tool : request.path("tools")) {
      if ("namespace".equals(tool.path("type").asString(""))) {
        String namespace = tool.path("name").asString("");
        tool.path("tools").forEach(t -> names.add(namespace + "__" + t.path("name").asString("")));
      } else {
        names.add(tool.path("name").asString(tool.path("type").asString("")));
      }
    }
    return names;
  }

  /** The output of the last function call in the conversation, or "" if there is none. */
  public static String lastToolOutput(JsonNode request) {
    String last = "";
    for (JsonNode item : request.path("input")) {
      if (item.path("type").asString("").endsWith("_call_output")) {
        JsonNode output = item.path("output");
        last = output.isString() ? output.asString() : output.toString();
      }
    }
    return last;
  }

  /** The last function call's output, when the conversation ends with it. */
  public static Optional<String> toolResult(JsonNode request) {
    return endsWithToolOutput(request) ? Optional.of(lastToolOutput(request)) : Optional.empty();
  }

  /** True when the conversation's last item is a function call's output. */
  public static boolean endsWithToolOutput(JsonNode request) {
    JsonNode input = request.path("input");
    return !input.isEmpty()
        && input.get(input.size() - 1).path("type").asString("").endsWith("_call_output");
  }

  /** The text of the last user message: the prompt. */
  public static String lastUserText(JsonNode request) {
    String last = "";
    for (JsonNode item : request.path("input")) {
      if ("user".equals(item.path("role").asString(""))) {
        StringBuilder text = new StringBuilder();
        item.path("content").forEach(c -> text.append(c.path("text").asString("")));
        last = text.toString();
      }
    }
    return last;
  }

  @Override
  void route(HttpExchange exchange) throws IOException {
    String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    if (route.equals("POST /v1/responses")) {
      answer(exchange);
    } else {
      otherRequests.add(route);
      exchange.sendResponseHeaders(404, -1);
    }
  }

  @Override
  void sendFailure(HttpExchange exchange, Throwable e) throws IOException {
    send(exchange, 500, JSON, error("stand-in failed: " + e));
  }

  private void answer(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    JsonNode request = MAPPER.readTree(body);
    String authorization = exchange.getRequestHeaders().getFirst("authorization");
    authorizations.add(authorization == null ? "" : authorization);
    ObjectNode item = MAPPER.createObjectNode();
    ObjectNode delta;
    switch (reply(request)) {
      case Reply.Error e -> {
        send(exchange, e, error(e.message()));
        return;
      }
      case Reply.Hang() -> {
        awaitClose();
        return;
      }
      case Reply.Text(String text) -> {
        item.put("type", "message").put("id", newId("msg_")).put("role", "assistant");
        item.put("status", "completed");
        item.putArray("content")
            .addObject()
            .put("type", "output_text")
            .put("text", text)
            .putArray("annotations");
        delta = event("response.output_text.delta").put("content_index", 0).put("delta", text);
      }
      case Reply.ToolUse(String tool, JsonNode arguments) -> {
        String json = MAPPER.writeValueAsString(arguments);
        // codex offers an MCP server's tools in the namespace mcp__<server>.
        int split = tool.startsWith("mcp__") ? tool.indexOf("__", "mcp__".length()) : -1;
        String namespace = split < 0 ? null : tool.substring(0, split);
        String name = split < 0 ? tool : tool.substring(split + 2);
        item.put("type", "function_call").put("id", newId("fc_")).put("status", "completed");
        item.put("call_id", newId("call_")).put("name", name).put("arguments", json);
        if (namespace != null) {
          item.put("namespace", namespace);
        }
        delta = event("response.function_call_arguments.delta").put("delta", json);
      }
    }
    String id = newId("resp_");
    String model = request.path("model").asString("mock-model");
    long input = Math.max(1, body.length / 4);
    long cached = (long) (input * CACHED_SHARE);
    long output = Math.max(1, MAPPER.writeValueAsString(item).length() / 4);
    ObjectNode created = event("response.created");
    created.putObject("response").put("id", id).put("status", "in_progress").put("model", model);
    ObjectNode added = event("response.output_item.added").put("output_index", 0);
    added.set("item", item);
    delta.put("item_id", item.path("id").asString()).put("output_index", 0);
    ObjectNode done = event("response.output_item.done").put("output_index", 0);
    done.set("item", item);
    ObjectNode completed = event("response.completed");
    ObjectNode response = completed.putObject("response");
    response.put("id", id).put("status", "completed").put("model", model);
    ObjectNode usage = response.putObject("usage").put("input_tokens", input);
    usage.putObject("input_tokens_details").put("cached_tokens", cached);
    usage.put("output_tokens", output);
    // Output includes reasoning, as in the real API: a share of it, so readers can tell.
    usage.putObject("output_tokens_details").put("reasoning_tokens", output / 4);
    usage.put("total_tokens", input + output);
    StringBuilder sse = new StringBuilder();
    for (ObjectNode data : List.of(created, added, delta, done, completed)) {
      frame(sse, data);
    }
    send(exchange, 200, "text/event-stream", sse.toString());
  }

  private static ObjectNode event(String type) {
    return MAPPER.createObjectNode().put("type", type);
  }

  private static String error(String message) {
    ObjectNode body = MAPPER.createObjectNode();
    body.putObject("error").put("type", "api_error").put("message", message).putNull("code");
    return MAPPER.writeValueAsString(body);
  }
}
