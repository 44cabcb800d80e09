package org.reposearcheval.evals.agent.gemini;

import java.util.Map;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.agent.Pricing;
import org.reposearcheval.evals.run.Usage;
import tools.jackson.databind.JsonNode;

/**
 * The normalized result of Gemini CLI's {@code result} event: {@code {status, error?: {type,
 * message}, stats: {total_tokens, input_tokens, output_tokens, cached, input, duration_ms,
 * tool_calls, models: {<model>: {same tokens}}}}}.
 *
 * <p>The CLI's {@code input_tokens} is the prompt, cached part included, and {@code input} the
 * prompt less the cached part: the normalized input is {@code input}, the cache reads {@code
 * cached}. Its {@code output_tokens} counts the answer's tokens only; thinking tokens (the Gemini
 * API's {@code thoughtsTokenCount}) are in {@code total_tokens} alone, so the normalized output is
 * {@code total_tokens - input_tokens}: answer and thinking (and a server-side tool's prompt, which
 * the CLI's own tools do not use). The CLI reports no cost: it is estimated per model from the
 * pricing table, and unknown when a model that used tokens is not listed there.
 */
final class GeminiResult {
  private GeminiResult() {}

  static AgentStream.Result of(
      JsonNode result, int turns, String answer, String lastError, String stderrTail) {
    boolean success = "success".equals(result.path("status").asString(""));
    String message = result.path("error").path("message").asString(null);
    if (message == null) {
      message = lastError;
    }
    JsonNode stats = result.path("stats");
    Usage usage = usage(stats);
    return new AgentStream.Result(
            success ? "success" : "error",
            !success,
            success ? null : ApiErrorStatus.of(message, stderrTail),
            turns,
            stats.hasNonNull("duration_ms") ? stats.get("duration_ms").asLong() : null,
            null,
            usage,
            success || message == null ? answer : message)
        .withEstimatedCost(estimate(stats.path("models")));
  }

  static Usage usage(JsonNode tokens) {
    long prompt = tokens.path("input_tokens").asLong(0);
    long cached = tokens.path("cached").asLong(0);
    long input = tokens.has("input") ? tokens.path("input").asLong(0) : prompt - cached;
    long output =
        Math.max(
            tokens.path("output_tokens").asLong(0), tokens.path("total_tokens").asLong(0) - prompt);
    return new Usage(Math.max(0, input), output, cached, 0);
  }

  /** The sum of each model's estimate; null when a model that used tokens has no price. */
  static Double estimate(JsonNode models) {
    double total = 0;
    for (Map.Entry<String, JsonNode> model : models.properties()) {
      Usage usage = usage(model.getValue());
      if (usage.equals(Usage.NONE)) {
        continue;
      }
      var cost = Pricing.estimate(model.getKey(), usage);
      if (cost.isEmpty()) {
        return null;
      }
      total += cost.get();
    }
    return total;
  }
}
