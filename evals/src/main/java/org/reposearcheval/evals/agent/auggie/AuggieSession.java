package org.reposearcheval.evals.agent.auggie;

import java.util.ArrayList;
import java.util.List;
import org.reposearcheval.evals.run.Turns;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * A conversation the CLI saved in {@code <cache dir>/sessions/<id>.json}: one {@code chatHistory}
 * entry per exchange with the backend (one model call), its {@code response_nodes} holding the
 * answer text (type 0), tool calls (type 5, {@code tool_use.tool_name}), the charge (type 9, {@code
 * billing_metadata.cost_usd} when {@code usage_unit} is 2, dollars) and the token counts (type 10,
 * {@code token_usage} in the Anthropic shape: input without the cache, cache reads and writes,
 * output). Node types as the 0.36.0 bundle and its saved sessions have them.
 *
 * @param toolCalls the tool names each exchange called, in order, as the CLI named them
 * @param usage summed over the exchanges that reported tokens; null when none did
 * @param costUsd the dollars charged, sub-agents included; null when nothing was charged in dollars
 * @param model the model the session names, null when the backend's default was used
 * @param conversation each exchange's text and tool calls, the tools named as the CLI names them,
 *     each call's result taken from the next exchange's {@code tool_result_node}
 */
record AuggieSession(
    String id,
    List<List<String>> toolCalls,
    Usage usage,
    Double costUsd,
    String model,
    List<Turns.Turn> conversation) {
  private static final int TEXT = 0;
  private static final int TOOL_RESULT = 1;
  private static final int TOOL_USE = 5;
  private static final int BILLING = 9;
  private static final int TOKEN_USAGE = 10;
  private static final int BILLED_IN_USD = 2;

  AuggieSession {
    toolCalls = toolCalls.stream().map(List::copyOf).toList();
  }

  /** Model calls: the exchanges the backend answered. */
  int turns() {
    return toolCalls.size();
  }

  static AuggieSession parse(JsonNode session) {
    List<List<String>> calls = new ArrayList<>();
    long input = 0;
    long output = 0;
    long cacheRead = 0;
    long cacheWrite = 0;
    boolean counted = false;
    double dollars = 0;
    boolean charged = false;
    Turns.Builder turns = new Turns.Builder();
    for (JsonNode entry : session.path("chatHistory")) {
      for (JsonNode node : entry.path("exchange").path("request_nodes")) {
        JsonNode result = node.path("tool_result_node");
        if (node.path("type").asInt(-1) == TOOL_RESULT && result.isObject()) {
          turns.result(
              result.path("tool_use_id").asString(""),
              result.path("content").asString(""),
              result.path("is_error").asBoolean(false));
        }
      }
      JsonNode nodes = entry.path("exchange").path("response_nodes");
      if (nodes.isEmpty()) {
        continue; // a request the backend never answered, e.g. refused with a 429
      }
      List<String> exchangeCalls = new ArrayList<>();
      turns.turn();
      for (JsonNode node : nodes) {
        switch (node.path("type").asInt(-1)) {
          case TOOL_USE -> {
            JsonNode use = node.path("tool_use");
            exchangeCalls.add(use.path("tool_name").asString("?"));
            turns.call(
                use.path("tool_use_id").asString(""),
                null,
                use.path("tool_name").asString("?"),
                use.path("input_json").asString("{}"));
          }
          case TOKEN_USAGE -> {
            JsonNode tokens = node.path("token_usage");
            input += tokens.path("input_tokens").asLong(0);
            output += tokens.path("output_tokens").asLong(0);
            cacheRead += tokens.path("cache_read_input_tokens").asLong(0);
            cacheWrite += tokens.path("cache_creation_input_tokens").asLong(0);
            counted = true;
          }
          case BILLING -> {
            JsonNode billing = node.path("billing_metadata");
            if (billing.path("usage_unit").asInt(0) == BILLED_IN_USD
                && billing.hasNonNull("cost_usd")) {
              dollars += billing.path("cost_usd").asDouble();
              charged = true;
            }
          }
          case TEXT -> turns.text(node.path("content").asString(""), false);
          default -> {}
        }
      }
      calls.add(exchangeCalls);
    }
    if (session.path("subAgentCostUsd").asDouble(0) > 0) {
      dollars += session.path("subAgentCostUsd").asDouble();
      charged = true;
    }
    String model = Json.textOrNull(session.path("agentState").get("modelId"));
    return new AuggieSession(
        session.path("sessionId").asString(""),
        calls,
        counted ? new Usage(input, output, cacheRead, cacheWrite) : null,
        charged ? dollars : null,
        model == null || model.isBlank() ? null : model,
        turns.build());
  }
}
