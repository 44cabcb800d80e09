package org.reposearcheval.evals.agent.claude;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.util.Json;
import org.reposearcheval.evals.util.JsonLines;
import tools.jackson.databind.JsonNode;

/**
 * Claude Code's {@code claude -p --output-format stream-json} transcript read into the normalized
 * {@link AgentStream}: the MCP servers and the MCP tools offered from the {@code system/init}
 * event, the tool calls from assistant {@code tool_use} blocks, the turn of the first MCP call, and
 * the final {@code result} event. The lines come through {@link JsonLines}: what is not a JSON
 * object, or is longer than {@link JsonLines#MAX_LINE_CHARS}, is counted and skipped. The pages
 * read this transcript as it is: no turns are handed over.
 */
final class ClaudeStream {
  private final List<McpServer> servers = new ArrayList<>();
  private final Map<String, Integer> byName = new TreeMap<>();
  private List<String> offeredMcpTools = List.of();
  // A turn is one assistant message. The CLI prints each content block of a message as its own
  // assistant event, all with the message's id: events sharing an id are one turn.
  private final Map<String, Integer> turnOfMessage = new HashMap<>();
  private int turns;
  private Integer firstMcpTurn;
  private String version;
  private AgentStream.Result result;

  private void accept(JsonNode event) {
    switch (event.path("type").asString("")) {
      case "system" -> {
        if ("init".equals(event.path("subtype").asString(""))) {
          servers.clear();
          for (JsonNode server : event.path("mcp_servers")) {
            servers.add(
                new McpServer(
                    server.path("name").asString(""), server.path("status").asString("")));
          }
          version = Json.textOrNull(event.get("claude_code_version"));
          offeredMcpTools =
              event.path("tools").values().stream()
                  .map(tool -> tool.asString(""))
                  .filter(name -> name.startsWith("mcp__"))
                  .toList();
        }
      }
      case "assistant" -> {
        String id = event.path("message").path("id").asString("");
        Integer turn = id.isEmpty() ? null : turnOfMessage.get(id);
        if (turn == null) {
          turn = ++turns;
          if (!id.isEmpty()) {
            turnOfMessage.put(id, turn);
          }
        }
        for (JsonNode block : event.path("message").path("content")) {
          if ("tool_use".equals(block.path("type").asString(""))) {
            String name = block.path("name").asString("?");
            byName.merge(name, 1, Integer::sum);
            if (name.startsWith("mcp__") && (firstMcpTurn == null || turn < firstMcpTurn)) {
              firstMcpTurn = turn;
            }
          }
        }
      }
      case "result" -> result = parseResult(event);
      default -> {}
    }
  }

  private AgentStream stream(int unreadable) {
    return new AgentStream(
        servers,
        ToolCalls.of(byName),
        version,
        result,
        unreadable,
        new McpUse(offeredMcpTools, firstMcpTurn == null ? null : firstMcpTurn - 1));
  }

  private ClaudeStream() {}

  /** Reads a transcript line by line; memory stays flat however long it or any line is. */
  static AgentStream read(Path transcript) throws IOException {
    ClaudeStream events = new ClaudeStream();
    int unreadable = JsonLines.read(transcript, events::accept);
    return events.stream(unreadable);
  }

  private static AgentStream.Result parseResult(JsonNode event) {
    JsonNode usage = event.path("usage");
    return new AgentStream.Result(
        event.path("subtype").asString(""),
        event.path("is_error").asBoolean(false),
        Json.intOrNull(event.get("api_error_status")),
        Json.intOrNull(event.get("num_turns")),
        event.hasNonNull("duration_ms") ? event.get("duration_ms").asLong() : null,
        event.hasNonNull("total_cost_usd") ? event.get("total_cost_usd").asDouble() : null,
        new Usage(
            usage.path("input_tokens").asLong(0),
            usage.path("output_tokens").asLong(0),
            usage.path("cache_read_input_tokens").asLong(0),
            usage.path("cache_creation_input_tokens").asLong(0)),
        Json.textOrNull(event.get("result")));
  }
}
