package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.Turns;
import org.reposearcheval.evals.run.Usage;
import tools.jackson.databind.JsonNode;

/**
 * What one run printed, normalized the same for every agent CLI: the MCP servers and whether they
 * connected, the tool calls by name (MCP tools as {@code mcp__<server>__<tool>}, whatever the CLI's
 * own naming), the agent's version when it says it, the final result, and when MCP was first used.
 * Each {@link AgentCli} reads its own output into one; {@link #read} reads Claude Code's.
 *
 * <p>A {@code claude -p --output-format stream-json} transcript says: the MCP servers and the MCP
 * tools offered from the {@code system/init} event, the tool calls from assistant {@code tool_use}
 * blocks, the turn of the first MCP call, and the final {@code result} event. Lines that are not
 * JSON are counted and skipped, so a stray log line never hides the result; so are lines longer
 * than {@link #MAX_LINE_CHARS}, which are never held in memory: in practice only a tool's result
 * can be that long (a whole file read through MCP), and tool results are not needed here, while the
 * events that are stay far smaller.
 */
public record AgentStream(
    List<RunResult.McpServer> mcpServers,
    RunResult.ToolCalls toolCalls,
    String agentVersion,
    Result result,
    int unreadableLines,
    RunResult.McpUse mcpUse,
    List<Turns.Turn> turns) {

  /**
   * A stream whose transcript the pages read as it is (Claude Code's stream-json); {@code turns} is
   * null there, and otherwise the adapter's own reading of its CLI's events ({@link Turns}).
   */
  public AgentStream(
      List<RunResult.McpServer> mcpServers,
      RunResult.ToolCalls toolCalls,
      String agentVersion,
      Result result,
      int unreadableLines,
      RunResult.McpUse mcpUse) {
    this(mcpServers, toolCalls, agentVersion, result, unreadableLines, mcpUse, null);
  }

  /**
   * The final {@code result} event, or null fields where the event lacked them. {@code subtype} is
   * {@code success} for a run that ended well; {@code costEstimated} when the CLI reported no cost
   * and {@code costUsd} was computed from its token counts and the pricing table.
   */
  public record Result(
      String subtype,
      boolean isError,
      Integer apiErrorStatus,
      Integer numTurns,
      Long durationMs,
      Double costUsd,
      Usage usage,
      String answer,
      boolean costEstimated) {

    public Result(
        String subtype,
        boolean isError,
        Integer apiErrorStatus,
        Integer numTurns,
        Long durationMs,
        Double costUsd,
        Usage usage,
        String answer) {
      this(subtype, isError, apiErrorStatus, numTurns, durationMs, costUsd, usage, answer, false);
    }

    /** The same result with an estimated cost in place of an unknown one. */
    public Result withEstimatedCost(Double estimate) {
      return costUsd != null || estimate == null
          ? this
          : new Result(
              subtype,
              isError,
              apiErrorStatus,
              numTurns,
              durationMs,
              estimate,
              usage,
              answer,
              true);
    }

    /** True when the agent says it failed, including a 429 reported as {@code success}. */
    public boolean failed() {
      return isError || apiErrorStatus != null || !"success".equals(subtype);
    }
  }

  /** No transcript was read: nothing reported, nothing known of MCP use. */
  public static final AgentStream NONE =
      new AgentStream(List.of(), RunResult.ToolCalls.NONE, null, null, 0, null);

  /**
   * The turns to keep beside the transcript, for {@code agent} asked for {@code model} (null when
   * none was named); null when the pages read the transcript itself.
   */
  public Turns kept(String agent, String model) {
    return turns == null
        ? null
        : new Turns(
            agent,
            model,
            agentVersion,
            mcpServers.stream().map(s -> new Turns.Server(s.name(), s.status())).toList(),
            turns);
  }

  /** True when the transcript ended with a result event. */
  public boolean hasResult() {
    return result != null;
  }

  /** Longer lines are skipped unread. */
  public static final int MAX_LINE_CHARS = 4 << 20;

  /** Reads a transcript line by line; memory stays flat however long it or any line is. */
  public static AgentStream read(Path transcript) throws IOException {
    ClaudeCodeEvents events = new ClaudeCodeEvents();
    int unreadable = JsonLines.read(transcript, events::accept);
    return events.stream(unreadable);
  }

  /** What Claude Code's events say, gathered as {@link JsonLines} hands them over. */
  private static final class ClaudeCodeEvents {
    private final List<RunResult.McpServer> servers = new ArrayList<>();
    private final Map<String, Integer> byName = new TreeMap<>();
    private List<String> offeredMcpTools = List.of();
    // A turn is one assistant message. The CLI prints each content block of a message as its own
    // assistant event, all with the message's id: events sharing an id are one turn.
    private final Map<String, Integer> turnOfMessage = new HashMap<>();
    private int turns;
    private Integer firstMcpTurn;
    private String version;
    private Result result;

    void accept(JsonNode event) {
      switch (event.path("type").asString("")) {
        case "system" -> {
          if ("init".equals(event.path("subtype").asString(""))) {
            servers.clear();
            for (JsonNode server : event.path("mcp_servers")) {
              servers.add(
                  new RunResult.McpServer(
                      server.path("name").asString(""), server.path("status").asString("")));
            }
            version = textOrNull(event.get("claude_code_version"));
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

    AgentStream stream(int unreadable) {
      return new AgentStream(
          servers,
          RunResult.ToolCalls.of(byName),
          version,
          result,
          unreadable,
          new RunResult.McpUse(offeredMcpTools, firstMcpTurn == null ? null : firstMcpTurn - 1));
    }
  }

  private static Result parseResult(JsonNode event) {
    JsonNode usage = event.path("usage");
    return new Result(
        event.path("subtype").asString(""),
        event.path("is_error").asBoolean(false),
        intOrNull(event.get("api_error_status")),
        intOrNull(event.get("num_turns")),
        event.hasNonNull("duration_ms") ? event.get("duration_ms").asLong() : null,
        event.hasNonNull("total_cost_usd") ? event.get("total_cost_usd").asDouble() : null,
        new Usage(
            usage.path("input_tokens").asLong(0),
            usage.path("output_tokens").asLong(0),
            usage.path("cache_read_input_tokens").asLong(0),
            usage.path("cache_creation_input_tokens").asLong(0)),
        textOrNull(event.get("result")));
  }

  /** A number, or a number sent as a string ({@code "429"}); anything else non-null is -1. */
  public static Integer intOrNull(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return node.asInt();
    }
    try {
      return Integer.valueOf(node.asString().strip());
    } catch (RuntimeException e) {
      return node.isString() && node.stringValue().isBlank() ? null : -1;
    }
  }

  public static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asString();
  }
}
