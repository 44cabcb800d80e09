package org.reposearcheval.evals.agent.gemini;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.run.Turns;
import org.reposearcheval.evals.util.Json;
import org.reposearcheval.evals.util.JsonLines;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code gemini --output-format stream-json} (events {@code init}, {@code message}, {@code
 * tool_use}, {@code tool_result}, {@code error}, {@code result}) into the normalized stream.
 *
 * <p>A turn is one model call that answered: the assistant text and tool calls between two batches
 * of tool results. The answer is the text of the last turn, as the CLI's own {@code json} output
 * gives it; for a failed run, the error's message. MCP tools, named {@code mcp_<server>_<tool>} by
 * the CLI, become {@code mcp__<server>__<tool>}; the configured server names tell where a server
 * name ends, and any other {@code mcp_} tool still counts as MCP, so that a baseline which calls
 * one is invalid.
 *
 * <p>The CLI reports no MCP server status; {@link GeminiMcpStatus} derives it.
 */
final class GeminiStream {
  private final List<String> configured;
  private final Map<String, Integer> byName = new TreeMap<>();
  private final Map<String, String> toolOfCall = new HashMap<>();
  private final Set<String> serversThatAnswered = new HashSet<>();
  private StringBuilder turnText = new StringBuilder();
  private boolean turnOpen;
  private int turns;
  private Integer firstMcpTurn;
  private boolean initialized;
  private String lastError;
  private JsonNode result;
  private int unreadable;
  private final Turns.Builder steps = new Turns.Builder();

  private GeminiStream(List<String> configured) {
    this.configured = configured;
  }

  /** Reads {@code transcript}; memory stays flat however long it or any line is. */
  static AgentStream read(Path transcript, AgentCli.StreamContext context) throws IOException {
    GeminiStream stream = new GeminiStream(context.configuredServers());
    stream.unreadable = JsonLines.read(transcript, stream::accept);
    return stream.normalized(context.stderrTail());
  }

  private void accept(JsonNode event) {
    switch (event.path("type").asString("")) {
      case "init" -> initialized = true;
      case "message" -> {
        if ("assistant".equals(event.path("role").asString(""))) {
          openTurn();
          turnText.append(event.path("content").asString(""));
          steps.text(event.path("content").asString(""), true);
        }
      }
      case "tool_use" -> {
        openTurn();
        String name = mcpName(event.path("tool_name").asString("?"), configured);
        byName.merge(name, 1, Integer::sum);
        toolOfCall.put(event.path("tool_id").asString(""), name);
        steps.call(
            event.path("tool_id").asString(""),
            name.startsWith("mcp__") ? serverOf(name) : null,
            name.startsWith("mcp__") ? toolOf(name) : name,
            Json.MAPPER.writeValueAsString(event.path("parameters")));
        if (name.startsWith("mcp__") && firstMcpTurn == null) {
          firstMcpTurn = turns;
        }
      }
      case "tool_result" -> {
        turnOpen = false;
        boolean success = "success".equals(event.path("status").asString(""));
        steps.result(
            event.path("tool_id").asString(""),
            success || !event.path("error").isObject()
                ? event.path("output").asString("")
                : event.path("error").path("message").asString(""),
            !success);
        String name = toolOfCall.get(event.path("tool_id").asString(""));
        if (name != null
            && name.startsWith("mcp__")
            && "success".equals(event.path("status").asString(""))) {
          serversThatAnswered.add(serverOf(name));
        }
      }
      case "error" -> {
        if ("error".equals(event.path("severity").asString(""))) {
          lastError = event.path("message").asString(null);
        }
      }
      case "result" -> result = event;
      default -> {}
    }
  }

  private void openTurn() {
    if (!turnOpen) {
      turnOpen = true;
      turns++;
      steps.turn();
      turnText = new StringBuilder();
    }
  }

  private AgentStream normalized(String stderrTail) {
    List<McpServer> servers =
        GeminiMcpStatus.of(configured, initialized, serversThatAnswered, stderrTail);
    AgentStream.Result normalized = null;
    if (result != null) {
      normalized = GeminiResult.of(result, turns, answer(), lastError, stderrTail);
    }
    return new AgentStream(
        servers,
        ToolCalls.of(byName),
        null,
        normalized,
        unreadable,
        new McpUse(List.of(), firstMcpTurn == null ? null : firstMcpTurn - 1),
        steps.build());
  }

  private String answer() {
    return turns == 0 ? null : turnText.toString();
  }

  /**
   * {@code mcp__<server>__<tool>} for the CLI's {@code mcp_<server>_<tool>}; any other name as it
   * is. The CLI puts {@code _} for each character of {@code <server>_<tool>} outside {@code
   * [A-Za-z0-9_.:-]} and no {@code mcp_} prefix where that already starts with one; the server is
   * named as {@code Verdicts} names configured servers ({@code _} outside {@code [A-Za-z0-9_-]}). A
   * name of no configured server is split at its first {@code _}: a baseline's MCP call is still
   * one.
   */
  static String mcpName(String name, List<String> servers) {
    List<String> longestFirst = new ArrayList<>(servers);
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    for (String server : longestFirst) {
      String prefix = (server + "_").replaceAll("[^A-Za-z0-9_.:-]", "_");
      if (!prefix.startsWith("mcp_")) {
        prefix = "mcp_" + prefix;
      }
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        return "mcp__"
            + server.replaceAll("[^A-Za-z0-9_-]", "_")
            + "__"
            + name.substring(prefix.length());
      }
    }
    if (name.startsWith("mcp_") && !name.startsWith("mcp__")) {
      String rest = name.substring("mcp_".length());
      int end = rest.indexOf('_');
      return end <= 0 || end == rest.length() - 1
          ? "mcp__" + rest
          : "mcp__" + rest.substring(0, end) + "__" + rest.substring(end + 1);
    }
    return name;
  }

  /** {@code tool} of {@code mcp__server__tool}. */
  static String toolOf(String mcpName) {
    String rest = mcpName.substring("mcp__".length());
    int end = rest.indexOf("__");
    return end < 0 ? rest : rest.substring(end + 2);
  }

  /** {@code server} of {@code mcp__server__tool}. */
  static String serverOf(String mcpName) {
    String rest = mcpName.substring("mcp__".length());
    int end = rest.indexOf("__");
    return end < 0 ? rest : rest.substring(0, end);
  }
}
