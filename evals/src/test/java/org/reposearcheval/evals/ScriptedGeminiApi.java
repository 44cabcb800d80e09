package org.reposearcheval.evals;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted stand-in for the Gemini API on 127.0.0.1, so tests can run the real Gemini CLI ({@code
 * GOOGLE_GEMINI_BASE_URL=}{@link #baseUrl()}, auth type {@code gemini-api-key}) offline and
 * deterministically, and then look at what it sent.
 *
 * <p>{@code POST /v1beta/models/M:streamGenerateContent?alt=sse} hands the request body to the
 * {@link ScriptedHttpServer.Script} and sends its {@link Reply} as one server-sent event: {@code
 * {candidates: [{content: {role: model, parts: [{text} | {functionCall: {name, args}}]},
 * finishReason}], usageMetadata, modelVersion: M}}. The usage is rough but complete: prompt tokens
 * (a quarter of them read from the cache), answer tokens and {@value #THOUGHTS} thinking tokens, so
 * a reader's normalization is exercised. {@code :generateContent} is the CLI's model router, which
 * asks for JSON when no model is given: it always gets a low complexity score. {@code :countTokens}
 * gets an estimate; any other path 404.
 *
 * <p>A script that throws gets the CLI an HTTP 500 and lands in {@link #failures()}.
 */
public final class ScriptedGeminiApi extends ScriptedHttpServer {
  private static final Pattern MODEL_CALL =
      Pattern.compile("/v1(?:beta|alpha)?/models/([^/:]+):([A-Za-z]+)");

  /** Thinking tokens each scripted answer reports, beside its answer tokens. */
  public static final int THOUGHTS = 7;

  private ScriptedGeminiApi(Script script) {
    super(script);
  }

  public static ScriptedGeminiApi start(Script script) {
    return new ScriptedGeminiApi(script);
  }

  /** The test's environment with the base URL and {@code apiKey} set for Gemini CLI. */
  public Map<String, String> environment(String apiKey) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("GOOGLE_GEMINI_BASE_URL", baseUrl());
    env.put("GEMINI_API_KEY", apiKey);
    env.remove("GOOGLE_GENAI_USE_VERTEXAI");
    env.remove("GOOGLE_GENAI_USE_GCA");
    return env;
  }

  /** The names of the function declarations a request offered the model. */
  public static List<String> offeredToolNames(JsonNode request) {
    return request.path("tools").values().stream()
        .flatMap(tools -> tools.path("functionDeclarations").values().stream())
        .map(declaration -> declaration.path("name").asString())
        .toList();
  }

  /** The output of the last function response in the conversation, or "" if there is none. */
  public static String lastFunctionResponse(JsonNode request) {
    String last = "";
    for (JsonNode content : request.path("contents")) {
      for (JsonNode part : content.path("parts")) {
        if (part.has("functionResponse")) {
          JsonNode response = part.path("functionResponse").path("response");
          last = response.has("output") ? response.path("output").asString() : response.toString();
        }
      }
    }
    return last;
  }

  /** The last function response's output, when the last message answers a function call. */
  public static Optional<String> toolResult(JsonNode request) {
    return answersFunctionCall(request)
        ? Optional.of(lastFunctionResponse(request))
        : Optional.empty();
  }

  /** True when the last message of the conversation answers a function call. */
  public static boolean answersFunctionCall(JsonNode request) {
    List<JsonNode> contents = request.path("contents").values().stream().toList();
    return !contents.isEmpty()
        && contents.getLast().path("parts").values().stream()
            .anyMatch(part -> part.has("functionResponse"));
  }

  @Override
  void sendFailure(HttpExchange exchange, Throwable e) throws IOException {
    send(exchange, 500, JSON, error(500, "stand-in failed: " + e));
  }

  @Override
  void route(HttpExchange exchange) throws IOException {
    Matcher call = MODEL_CALL.matcher(exchange.getRequestURI().getPath());
    if (!"POST".equals(exchange.getRequestMethod()) || !call.matches()) {
      exchange.sendResponseHeaders(404, -1);
      return;
    }
    byte[] body = exchange.getRequestBody().readAllBytes();
    String model = call.group(1);
    switch (call.group(2)) {
      case "streamGenerateContent" -> answer(exchange, model, MAPPER.readTree(body), body.length);
      case "generateContent" -> {
        String routed = "{\"complexity_reasoning\":\"scripted\",\"complexity_score\":1}";
        ObjectNode response = response(model, MAPPER.createObjectNode().put("text", routed), 64);
        send(exchange, 200, JSON, MAPPER.writeValueAsString(response));
      }
      case "countTokens" ->
          send(exchange, 200, JSON, "{\"totalTokens\":" + estimateTokens(body.length) + "}");
      default -> exchange.sendResponseHeaders(404, -1);
    }
  }

  private void answer(HttpExchange exchange, String model, JsonNode request, int bytes)
      throws IOException {
    ObjectNode part = MAPPER.createObjectNode();
    switch (reply(request)) {
      case Reply.Error e -> {
        send(exchange, e, error(e.status(), e.message()));
        return;
      }
      case Reply.Hang() -> {
        awaitClose();
        return;
      }
      case Reply.Text(String text) -> part.put("text", text);
      case Reply.ToolUse(String name, JsonNode args) ->
          part.putObject("functionCall").put("name", name).set("args", args);
    }
    String sse = "data: " + MAPPER.writeValueAsString(response(model, part, bytes)) + "\r\n\r\n";
    send(exchange, 200, "text/event-stream", sse);
  }

  private static ObjectNode response(String model, ObjectNode part, int requestBytes) {
    ObjectNode response = MAPPER.createObjectNode();
    ObjectNode candidate = response.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content").put("role", "model");
    content.putArray("parts").add(part);
    candidate.put("finishReason", "STOP").put("index", 0);
    int prompt = estimateTokens(requestBytes);
    int answer = estimateTokens(part.toString().length());
    response
        .putObject("usageMetadata")
        .put("promptTokenCount", prompt)
        .put("cachedContentTokenCount", prompt / 4)
        .put("candidatesTokenCount", answer)
        .put("thoughtsTokenCount", THOUGHTS)
        .put("totalTokenCount", prompt + answer + THOUGHTS);
    response.put("modelVersion", model);
    return response;
  }

  /** The API's error body; its status name follows from the HTTP code, as the real API's does. */
  private static String error(int code, String message) {
    String status =
        switch (code) {
          case 400 -> "INVALID_ARGUMENT";
          case 403 -> "PERMISSION_DENIED";
          case 404 -> "NOT_FOUND";
          case 429 -> "RESOURCE_EXHAUSTED";
          case 503 -> "UNAVAILABLE";
          default -> "INTERNAL";
        };
    ObjectNode body = MAPPER.createObjectNode();
    body.putObject("error").put("code", code).put("message", message).put("status", status);
    return MAPPER.writeValueAsString(body);
  }
}
