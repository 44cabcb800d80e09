package org.reposearcheval.evals.agent.auggie;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reposearcheval.evals.agent.AgentCli.StreamContext;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.agent.Pricing;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.run.Turns;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.util.BoundedLines;
import org.reposearcheval.evals.util.Json;
import org.reposearcheval.evals.util.JsonLines;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads what {@code auggie --print --output-format json}, wrapped by {@link AugmentCli}, printed:
 *
 * <ul>
 *   <li>on stdout, {@code 🔌 Waiting for N MCP server(s) to initialize...} and a {@code ✅ name}
 *       line for each server that started; the servers that did not are on stderr ({@code ❌ name
 *       (failed)}, {@code 🔐 name (auth required)}, {@code ⏳ name (timed out)});
 *   <li>then the one result, {@code {"type":"result","result","is_error","subtype","session_id",
 *       "num_turns","billing"?}}; its {@code num_turns} stays 0 after tool calls and is not used;
 *   <li>then, from the wrapper, the saved session ({@link AuggieSession}): tool calls, turns,
 *       tokens and charges.
 * </ul>
 *
 * <p>A run that failed before any result (a 429 from the backend, after {@code --retry-timeout})
 * prints nothing but its error on stderr, {@code ❌ Agent execution failed: … Rate limited} or
 * {@code … HTTP error: 500 …}: it is read as an error result with that status, which the harness
 * retries.
 */
final class AuggieOutput {
  /** The {@code type} of the wrapper's session line. */
  static final String SESSION_TYPE = "auggie_session";

  private static final Pattern WAITING =
      Pattern.compile("^\\s*\uD83D\uDD0C Waiting for (\\d+) MCP server\\(s\\)");
  private static final Pattern STARTED = Pattern.compile("^\\s*\u2705 (\\S.*?)\\s*$");
  private static final Pattern NOT_STARTED =
      Pattern.compile(
          "^\\s*(?:\u274C|\uD83D\uDD10|\u23F3) (\\S.*?) \\((failed|auth required|timed"
              + " out)\\)\\s*$");
  private static final Pattern FAILURE = Pattern.compile("^\\s*\u274C (\\S.*)$");
  private static final Pattern HTTP_STATUS = Pattern.compile("HTTP error: (\\d{3})");

  private AuggieOutput() {}

  static AgentStream read(Path transcript, StreamContext context) throws IOException {
    List<McpServer> servers = new ArrayList<>();
    int announced = 0;
    JsonNode result = null;
    List<JsonNode> sessions = new ArrayList<>();
    int unreadable = 0;
    try (BufferedReader reader = Files.newBufferedReader(transcript)) {
      var lines = new BoundedLines(reader, JsonLines.MAX_LINE_CHARS, Files.size(transcript));
      String line;
      while ((line = lines.next()) != null) {
        if (line == BoundedLines.TOO_LONG) {
          unreadable++;
          continue;
        }
        if (line.isBlank()) {
          continue;
        }
        Matcher waiting = WAITING.matcher(line);
        Matcher started = STARTED.matcher(line);
        if (waiting.find()) {
          announced = Integer.parseInt(waiting.group(1));
        } else if (started.matches()) {
          servers.add(new McpServer(started.group(1), "connected"));
        } else {
          JsonNode event = json(line);
          String type = event == null ? "" : event.path("type").asString("");
          switch (type) {
            case "result" -> result = event;
            case SESSION_TYPE -> sessions.add(event.path("session"));
            default -> unreadable++;
          }
        }
      }
    }
    servers.addAll(notStarted(context.stderrTail()));
    // Servers the stderr tail no longer names still count: a baseline must not have any.
    for (int i = servers.size(); i < announced; i++) {
      servers.add(new McpServer("unnamed-" + (i + 1), "unknown"));
    }
    AuggieSession session = session(sessions, result);
    List<String> known =
        AuggieMcp.known(
            context.configuredServers(), servers.stream().map(McpServer::name).toList());
    Map<String, Integer> byName = new TreeMap<>();
    Integer firstMcpTurn = null;
    if (session != null) {
      for (int turn = 0; turn < session.turns(); turn++) {
        for (String call : session.toolCalls().get(turn)) {
          String name = AuggieMcp.normalized(call, known).orElse(call);
          byName.merge(name, 1, Integer::sum);
          if (name.startsWith("mcp__") && firstMcpTurn == null) {
            firstMcpTurn = turn;
          }
        }
      }
    }
    return new AgentStream(
        List.copyOf(servers),
        ToolCalls.of(byName),
        null,
        result(result, session, context.stderrTail()),
        unreadable,
        // The CLI lists no tools it offers; a with-MCP run's offer is unknown.
        new McpUse(List.of(), firstMcpTurn),
        session == null ? List.of() : named(session.conversation(), known));
  }

  /** The session's turns with each MCP tool named by its server and its own name. */
  private static List<Turns.Turn> named(List<Turns.Turn> turns, List<String> servers) {
    return turns.stream()
        .map(
            turn ->
                new Turns.Turn(
                    turn.steps().stream()
                        .map(
                            step ->
                                step instanceof Turns.ToolCall call
                                    ? AuggieMcp.normalized(call.tool(), servers)
                                        .map(
                                            name -> {
                                              int split = name.indexOf("__", 5);
                                              return (Turns.Step)
                                                  new Turns.ToolCall(
                                                      name.substring(5, split),
                                                      name.substring(split + 2),
                                                      call.arguments(),
                                                      call.result(),
                                                      call.error());
                                            })
                                        .orElse(call)
                                    : step)
                        .toList()))
        .toList();
  }

  private static JsonNode json(String line) {
    if (!line.startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(line);
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  /** The session the result names, else the last one printed; null when none was. */
  private static AuggieSession session(List<JsonNode> sessions, JsonNode result) {
    String id = result == null ? "" : result.path("session_id").asString("");
    JsonNode chosen = null;
    for (JsonNode session : sessions) {
      if (chosen == null || id.isEmpty() || id.equals(session.path("sessionId").asString(""))) {
        chosen = session;
      }
    }
    return chosen == null ? null : AuggieSession.parse(chosen);
  }

  private static List<McpServer> notStarted(String stderr) {
    List<McpServer> servers = new ArrayList<>();
    stderr
        .lines()
        .map(NOT_STARTED::matcher)
        .filter(Matcher::matches)
        .forEach(m -> servers.add(new McpServer(m.group(1), serverStatus(m.group(2)))));
    return servers;
  }

  private static String serverStatus(String printed) {
    return switch (printed) {
      case "auth required" -> "needs-auth";
      case "timed out" -> "timed-out";
      default -> "failed";
    };
  }

  /**
   * The run's result: the CLI's own, else the failure it printed on stderr instead (an error), else
   * none. An error takes its API status from that failure line; turns, tokens and charges come from
   * the saved session, which the CLI writes even when it fails.
   */
  private static AgentStream.Result result(JsonNode event, AuggieSession session, String stderr) {
    String failure = failureLine(stderr);
    String subtype;
    boolean isError;
    String answer;
    Double ownCost = null;
    if (event != null) {
      subtype = event.path("subtype").asString("");
      isError = event.path("is_error").asBoolean(false);
      answer = Json.textOrNull(event.get("result"));
      JsonNode billing = event.path("billing");
      if ("usd".equals(billing.path("usage_unit").asString(""))
          && billing.hasNonNull("total_cost")) {
        ownCost = billing.path("total_cost").asDouble();
      }
    } else if (failure != null) {
      subtype = "error";
      isError = true;
      answer = failure;
    } else {
      return null;
    }
    boolean counted = session != null && session.usage() != null;
    Usage usage = counted ? session.usage() : Usage.NONE;
    AgentStream.Result result =
        new AgentStream.Result(
            subtype,
            isError,
            isError && failure != null ? apiStatus(failure) : null,
            session == null ? null : session.turns(),
            null,
            ownCost != null || session == null ? ownCost : session.costUsd(),
            usage,
            answer);
    return counted
        ? result.withEstimatedCost(Pricing.estimate(session.model(), usage).orElse(null))
        : result;
  }

  /** The last error line the CLI printed on stderr, a server's failure aside; null if none. */
  private static String failureLine(String stderr) {
    return stderr
        .lines()
        .filter(line -> !NOT_STARTED.matcher(line).matches())
        .map(FAILURE::matcher)
        .filter(Matcher::matches)
        .map(m -> m.group(1).strip())
        .reduce((first, second) -> second)
        .orElse(null);
  }

  /** The HTTP status a failure names: 429 for the CLI's {@code Rate limited}. */
  static Integer apiStatus(String why) {
    if (why.contains("Rate limited")) {
      return 429;
    }
    Matcher http = HTTP_STATUS.matcher(why);
    return http.find() ? Integer.valueOf(http.group(1)) : null;
  }
}
