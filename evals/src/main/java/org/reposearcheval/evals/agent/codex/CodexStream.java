package org.reposearcheval.evals.agent.codex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.agent.Pricing;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.run.Turns;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.util.Json;
import org.reposearcheval.evals.util.JsonLines;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads {@code codex exec --json} output (JSONL) into the normalized stream. Events: {@code
 * thread.started}, {@code turn.started}, {@code item.started}/{@code item.completed} (items {@code
 * agent_message}, {@code mcp_tool_call} with {@code server} and {@code tool}, {@code
 * command_execution}, {@code error}, …), {@code turn.completed} with the usage, {@code turn.failed}
 * with the error, and a top-level {@code error}.
 *
 * <p>What codex does not say is derived, each as stated: the MCP servers' status ({@link
 * CodexServers}); the model calls, one per batch of tool calls (calls that overlap in time are one
 * batch, the parallel calls of one model response) plus one for the answer that ends each turn; the
 * cost, estimated from the usage and the model the harness asked for ({@link Pricing}), as codex
 * reports no cost and no model.
 */
final class CodexStream {
  /**
   * {@code exceeded retry limit, last status: 429 Too Many Requests}, {@code unexpected status 502
   * …}.
   */
  private static final Pattern STATUS =
      Pattern.compile("(?:last status:|unexpected status) (\\d{3})\\b");

  /** What codex 0.169 says instead of a status for an HTTP 500 from the model API. */
  private static final String HTTP_500 = "currently experiencing high demand";

  /** Item types that are not tool calls: everything else an item holds is one. */
  private static final Set<String> NOT_TOOLS =
      Set.of("agent_message", "reasoning", "error", "user_message");

  private final Map<String, Integer> byName = new TreeMap<>();
  private final Set<String> counted = new HashSet<>();
  private final Set<String> inFlight = new HashSet<>();
  private boolean turnStarted;
  private boolean turnCompleted;
  private String failure;
  private String answer;
  private long input;
  private long cached;
  private long cacheWrites;
  private long output;
  private int modelCalls;
  private Integer firstMcpCall;
  private int unreadable;
  private final Turns.Builder turns = new Turns.Builder();

  private CodexStream() {}

  static AgentStream read(Path transcript, AgentCli.StreamContext context) throws IOException {
    CodexStream stream = new CodexStream();
    stream.unreadable = JsonLines.read(transcript, stream::accept);
    return stream.result(context);
  }

  private void accept(JsonNode event) {
    switch (event.path("type").asString("")) {
      case "turn.started" -> turnStarted = true;
      case "item.started" -> item(event.path("item"), false);
      case "item.completed" -> item(event.path("item"), true);
      case "turn.completed" -> {
        turnCompleted = true;
        modelCalls++; // the call that answered and ended the turn
        JsonNode usage = event.path("usage");
        input += usage.path("input_tokens").asLong(0);
        cached += usage.path("cached_input_tokens").asLong(0);
        cacheWrites += usage.path("cache_write_input_tokens").asLong(0);
        // output_tokens includes reasoning_output_tokens, as the API's own count does.
        output += usage.path("output_tokens").asLong(0);
      }
      case "turn.failed" -> {
        modelCalls++; // the call that failed
        failure = event.path("error").path("message").asString("turn failed");
      }
      default -> {}
    }
  }

  private void item(JsonNode item, boolean completed) {
    String type = item.path("type").asString("");
    String id = item.path("id").asString("");
    if (type.equals("agent_message")) {
      if (completed) {
        answer = item.path("text").asString(answer);
        turns.step().text(item.path("text").asString(""), false);
      }
      return;
    }
    if (NOT_TOOLS.contains(type) || type.isEmpty()) {
      return;
    }
    if (!counted.add(id.isEmpty() ? "#" + counted.size() : id)) {
      if (completed) {
        inFlight.remove(id);
        turns.result(id, result(item), failed(item));
      }
      return;
    }
    boolean mcp = type.equals("mcp_tool_call");
    turns
        .step()
        .call(
            id,
            mcp ? item.path("server").asString("?") : null,
            mcp ? item.path("tool").asString("?") : type,
            arguments(item));
    if (completed) {
      turns.result(id, result(item), failed(item));
    }
    if (inFlight.isEmpty()) {
      modelCalls++; // a new batch: no other call of the same response is still running
    }
    if (!completed) {
      inFlight.add(id);
    }
    String name =
        type.equals("mcp_tool_call")
            ? "mcp__"
                + CodexMcp.sanitized(item.path("server").asString("?"))
                + "__"
                + item.path("tool").asString("?")
            : type;
    byName.merge(name, 1, Integer::sum);
    if (name.startsWith("mcp__") && firstMcpCall == null) {
      firstMcpCall = modelCalls - 1;
    }
  }

  /** What a tool item was asked: an MCP call's arguments, a command, else the item's own fields. */
  private static String arguments(JsonNode item) {
    return switch (item.path("type").asString("")) {
      case "mcp_tool_call" -> Json.MAPPER.writeValueAsString(item.path("arguments"));
      case "command_execution" ->
          Json.MAPPER.writeValueAsString(
              Json.MAPPER.createObjectNode().put("command", item.path("command").asString("")));
      default -> {
        ObjectNode fields = ((ObjectNode) item.deepCopy());
        List.of("id", "type", "status").forEach(fields::remove);
        yield Json.MAPPER.writeValueAsString(fields);
      }
    };
  }

  /** What a finished tool item returned: an MCP result's texts, a command's output, its error. */
  private static String result(JsonNode item) {
    JsonNode error = item.path("error");
    if (error.isObject() && error.hasNonNull("message")) {
      return error.path("message").asString();
    }
    return switch (item.path("type").asString("")) {
      case "mcp_tool_call" -> {
        JsonNode result = item.path("result");
        StringBuilder text = new StringBuilder();
        for (JsonNode block : result.path("content")) {
          if (!text.isEmpty()) {
            text.append('\n');
          }
          text.append(
              "text".equals(block.path("type").asString(""))
                  ? block.path("text").asString("")
                  : "[" + block.path("type").asString("?") + "]");
        }
        yield text.isEmpty() && !result.isMissingNode() && !result.isNull()
            ? Json.MAPPER.writeValueAsString(result)
            : text.toString();
      }
      case "command_execution" -> item.path("aggregated_output").asString("");
      default -> "";
    };
  }

  private static boolean failed(JsonNode item) {
    String status = item.path("status").asString("");
    return status.equals("failed")
        || (item.path("error").isObject() && item.path("error").hasNonNull("message"))
        || (item.hasNonNull("exit_code") && item.path("exit_code").asInt(0) != 0);
  }

  private AgentStream result(AgentCli.StreamContext context) {
    CodexServers.Status servers =
        CodexServers.of(context.configuredServers(), turnStarted, context.stderrTail());
    return new AgentStream(
        servers.servers(),
        ToolCalls.of(byName),
        null,
        servers.failure() != null ? failedToStart() : finalResult(context),
        unreadable,
        new McpUse(List.of(), firstMcpCall),
        turns.build());
  }

  /** The run's end: a completed turn, a failed one, or none when codex stopped before either. */
  private AgentStream.Result finalResult(AgentCli.StreamContext context) {
    if (failure == null && !turnCompleted) {
      return null;
    }
    Usage usage = new Usage(input - cached, output, cached, cacheWrites);
    boolean failed = failure != null;
    AgentStream.Result result =
        new AgentStream.Result(
            failed ? "error" : "success",
            failed,
            failed ? status(failure) : null,
            modelCalls,
            null,
            null,
            usage,
            failed ? failure : answer);
    return result.withEstimatedCost(Pricing.estimate(context.model(), usage).orElse(null));
  }

  /**
   * A required MCP server that failed: codex exited before any turn, nothing to retry. No answer:
   * codex's words (on its stderr) go with the run's error, never in the answer box.
   */
  private static AgentStream.Result failedToStart() {
    return new AgentStream.Result("mcp_server_failed", true, null, 0, null, null, Usage.NONE, null);
  }

  /** The HTTP status a failure message names, if it names one. */
  static Integer status(String message) {
    Matcher matcher = STATUS.matcher(message);
    if (matcher.find()) {
      return Integer.valueOf(matcher.group(1));
    }
    return message.contains(HTTP_500) ? 500 : null;
  }
}
