package org.reposearcheval.evals;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted stand-in for the Anthropic Messages API on 127.0.0.1, so tests can run the real Claude
 * Code CLI ({@code ANTHROPIC_BASE_URL=}{@link #baseUrl()}) offline, fast and deterministically, and
 * then look at exactly what it sent.
 *
 * <p>Each {@code POST /v1/messages} body is recorded and handed to the {@link
 * ScriptedHttpServer.Script}; its {@link Reply} goes back as server-sent events when the request
 * says {@code "stream":true} (the CLI always does) and as one JSON message otherwise. {@code POST
 * /v1/messages/count_tokens} gets a rough estimate; any other path gets 404.
 *
 * <p>The CLI may also send side requests to the same endpoint, often for other, smaller models
 * (session titles, quota checks). Those carry no {@code tools}: scripts should answer a request
 * without tools with plain {@link Reply.Text}, and keep their tool-calling logic for the agent
 * turns.
 *
 * <p>A script that throws gets the CLI an HTTP 500 (retried, then reported as {@code is_error}) and
 * lands in {@link #failures()}, so a broken script fails the test with its own stack trace instead
 * of killing the server.
 */
public final class ScriptedMessagesApi extends ScriptedHttpServer {

  private ScriptedMessagesApi(Script script) {
    super(script);
  }

  public static ScriptedMessagesApi start(Script script) {
    return new ScriptedMessagesApi(script);
  }

  /**
   * The harness's environment for a run against this stand-in: the test's own, with the base URL,
   * {@code apiKey} and the CLI's own retries ({@code cliRetries}) set.
   */
  public Map<String, String> environment(String apiKey, int cliRetries) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("ANTHROPIC_BASE_URL", baseUrl());
    env.put("ANTHROPIC_API_KEY", apiKey);
    env.put("CLAUDE_CODE_MAX_RETRIES", Integer.toString(cliRetries));
    return env;
  }

  /**
   * The reply to a request that needs no tool call, if it needs none: "ok" to a side request (it
   * offers no tools), {@code prefix} and the last tool result once a result came back.
   */
  static Optional<Reply> withoutToolCall(JsonNode request, String prefix) {
    if (offeredToolNames(request).isEmpty()) {
      return Optional.of(new Reply.Text("ok"));
    }
    if (lastUserMessageHasToolResult(request)) {
      return Optional.of(new Reply.Text(prefix + lastToolResultText(request)));
    }
    return Optional.empty();
  }

  /** The last tool result's text, when the request's last user message carries one. */
  static Optional<String> toolResult(JsonNode request) {
    return lastUserMessageHasToolResult(request)
        ? Optional.of(lastToolResultText(request))
        : Optional.empty();
  }

  static boolean lastUserMessageHasToolResult(JsonNode request) {
    List<JsonNode> users = userMessages(request);
    return !users.isEmpty() && !toolResults(users.getLast()).isEmpty();
  }

  /** The text of the last tool result in the conversation, or "" if there is none. */
  static String lastToolResultText(JsonNode request) {
    for (JsonNode message : userMessages(request).reversed()) {
      List<JsonNode> results = toolResults(message);
      if (!results.isEmpty()) {
        return text(results.getLast().path("content"), false);
      }
    }
    return "";
  }

  static List<String> offeredToolNames(JsonNode request) {
    return request.path("tools").values().stream().map(t -> t.path("name").asString()).toList();
  }

  /** The first user message's text, where {@code claude -p} puts the prompt, minus reminders. */
  static String firstUserText(JsonNode request) {
    List<JsonNode> users = userMessages(request);
    return users.isEmpty() ? "" : text(users.getFirst().path("content"), true);
  }

  private static List<JsonNode> userMessages(JsonNode request) {
    return request.path("messages").values().stream()
        .filter(m -> "user".equals(m.path("role").asString()))
        .toList();
  }

  private static List<JsonNode> toolResults(JsonNode message) {
    return message.path("content").values().stream()
        .filter(b -> "tool_result".equals(b.path("type").asString()))
        .toList();
  }

  /** Content is either a plain string or a list of blocks, of which only text blocks count. */
  private static String text(JsonNode content, boolean skipReminders) {
    if (content.isString()) {
      return content.asString();
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode block : content.values()) {
      String text = block.path("text").asString();
      boolean reminder = skipReminders && text.strip().startsWith("<system-reminder>");
      if ("text".equals(block.path("type").asString()) && !reminder) {
        texts.add(text);
      }
    }
    return String.join("\n", texts);
  }

  @Override
  void sendFailure(HttpExchange exchange, Throwable e) throws IOException {
    send(exchange, 500, JSON, error(500, "stand-in failed: " + e));
  }

  @Override
  void route(HttpExchange exchange) throws IOException {
    switch (exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()) {
      case "POST /v1/messages" -> answer(exchange);
      case "POST /v1/messages/count_tokens" -> {
        int tokens = estimateTokens(exchange.getRequestBody().readAllBytes().length);
        send(exchange, 200, JSON, "{\"input_tokens\":" + tokens + "}");
      }
      default -> exchange.sendResponseHeaders(404, -1); // e.g. the CLI's HEAD /api/hello probe
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    JsonNode request = MAPPER.readTree(body);
    ObjectNode block = MAPPER.createObjectNode();
    ObjectNode delta = MAPPER.createObjectNode();
    ObjectNode emptyBlock; // streamed blocks start empty, as in the real API; the delta fills them
    switch (reply(request)) {
      case Reply.Error e -> {
        send(exchange, e, error(e.status(), e.message()));
        return;
      }
      case Reply.Hang() -> {
        awaitClose();
        return;
      }
      case Reply.Text(String text) -> {
        block.put("type", "text").put("text", text);
        delta.put("type", "text_delta").put("text", text);
        emptyBlock = block.deepCopy().put("text", "");
      }
      case Reply.ToolUse(String name, JsonNode input) -> {
        block.put("type", "tool_use").put("id", newId("toolu_")).put("name", name);
        block.set("input", input);
        delta.put("type", "input_json_delta").put("partial_json", MAPPER.writeValueAsString(input));
        emptyBlock = block.deepCopy();
        emptyBlock.putObject("input");
      }
    }
    String stopReason = block.has("input") ? "tool_use" : "end_turn";
    int outputTokens = estimateTokens(MAPPER.writeValueAsString(block).length());
    ObjectNode message = event("message").put("id", newId("msg_")).put("role", "assistant");
    message.put("model", request.path("model").asString("claude-scripted"));
    ObjectNode usage = message.putObject("usage").put("input_tokens", estimateTokens(body.length));
    usage.put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
    if (!request.path("stream").asBoolean(false)) {
      message.putArray("content").add(block);
      message.put("stop_reason", stopReason).putNull("stop_sequence");
      usage.put("output_tokens", outputTokens);
      send(exchange, 200, JSON, MAPPER.writeValueAsString(message));
      return;
    }
    message.putArray("content");
    message.putNull("stop_reason").putNull("stop_sequence");
    usage.put("output_tokens", 1);
    ObjectNode messageDelta = event("message_delta");
    messageDelta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
    messageDelta.putObject("usage").put("output_tokens", outputTokens);
    StringBuilder sse = new StringBuilder();
    frame(sse, event("message_start").set("message", message));
    frame(sse, event("content_block_start").put("index", 0).set("content_block", emptyBlock));
    frame(sse, event("content_block_delta").put("index", 0).set("delta", delta));
    frame(sse, event("content_block_stop").put("index", 0));
    frame(sse, messageDelta);
    frame(sse, event("message_stop"));
    send(exchange, 200, "text/event-stream", sse.toString());
  }

  private static ObjectNode event(String type) {
    return MAPPER.createObjectNode().put("type", type);
  }

  /** The API's error body; its type follows from the HTTP status, as the real API's does. */
  private static String error(int status, String message) {
    String type =
        switch (status) {
          case 400 -> "invalid_request_error";
          case 401 -> "authentication_error";
          case 403 -> "permission_error";
          case 404 -> "not_found_error";
          case 429 -> "rate_limit_error";
          case 529 -> "overloaded_error";
          default -> "api_error";
        };
    ObjectNode body = event("error");
    body.putObject("error").put("type", type).put("message", message);
    return MAPPER.writeValueAsString(body);
  }
}
