package org.reposearcheval.evals.agent.opencode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.run.Turns;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.util.Json;
import org.reposearcheval.evals.util.JsonLines;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code opencode run --format json} output: one JSON event a line, each {@code {type,
 * timestamp, sessionID, part}}.
 *
 * <ul>
 *   <li>{@code step_start} / {@code step_finish}: one pair per model call; the turns are the {@code
 *       step_finish} events, whose {@code part.tokens} ({@code input} without cache reads or
 *       writes, {@code output} without {@code reasoning}, {@code cache.read}, {@code cache.write})
 *       and {@code part.cost} (OpenCode's own, in dollars, from its model catalogue) are added up.
 *   <li>{@code text}: a finished text part; the answer is the text of the last step that had any.
 *   <li>{@code tool_use}: a finished tool call, {@code part.tool} its name ({@link ToolNames}),
 *       {@code part.state.status} {@code completed} or {@code error}.
 *   <li>{@code error}: the run failed, {@code error.data.statusCode} the API's status when the
 *       error came from the API (after OpenCode's own retries).
 * </ul>
 *
 * <p>The servers and their status come from stderr ({@link OpenCodeMcpStatus}). Lines that are not
 * JSON, and longer ones than {@link JsonLines.MAX_LINE_CHARS}, are counted and skipped.
 */
final class OpenCodeStream {
  private static final Pattern STATUS_IN_MESSAGE =
      Pattern.compile("(?i)\\bstatus(?:\\s*code)?\\W{0,3}([45]\\d\\d)\\b");
  private static final Pattern STATUS_WITH_REASON =
      Pattern.compile(
          "(?i)\\b([45]\\d\\d)\\s+(?:too many requests|internal server error|bad gateway"
              + "|service unavailable|gateway timeout|overloaded)");

  private final ToolNames names;
  private final Map<String, Integer> byName = new TreeMap<>();
  private final Set<String> serversThatRan = new HashSet<>();
  private List<String> stepTexts = new ArrayList<>();
  private List<String> answerTexts = List.of();
  private int steps;
  private int finishedSteps;
  private Integer firstMcpStep;
  private long input;
  private long output;
  private long cacheRead;
  private long cacheWrite;
  private Double cost;
  private String lastReason;
  private JsonNode error;
  private int unreadable;
  private final Turns.Builder turns = new Turns.Builder();

  private OpenCodeStream(List<String> servers) {
    this.names = new ToolNames(servers);
  }

  static AgentStream read(Path transcript, AgentCli.StreamContext context) throws IOException {
    OpenCodeStream stream = new OpenCodeStream(context.configuredServers());
    stream.unreadable = JsonLines.read(transcript, stream::accept);
    return stream.result(context);
  }

  private void accept(JsonNode event) {
    JsonNode part = event.path("part");
    switch (event.path("type").asString("")) {
      case "step_start" -> {
        steps++;
        stepTexts = new ArrayList<>();
        turns.turn();
      }
      case "text" -> {
        stepTexts.add(part.path("text").asString(""));
        turns.text(part.path("text").asString(""), false);
        answerTexts = stepTexts;
      }
      case "tool_use" -> toolUse(part);
      case "step_finish" -> stepFinish(part);
      case "error" -> error = event.path("error");
      default -> {}
    }
  }

  private void toolUse(JsonNode part) {
    JsonNode state = part.path("state");
    boolean unavailable =
        "error".equals(state.path("status").asString(""))
            && state.path("error").asString("").contains("unavailable tool");
    String name = names.normalize(part.path("tool").asString("?"), unavailable);
    byName.merge(name, 1, Integer::sum);
    boolean mcp = name.startsWith("mcp__");
    int split = mcp ? name.indexOf("__", 5) : -1;
    boolean failed = "error".equals(state.path("status").asString(""));
    turns.finished(
        split > 5 ? name.substring(5, split) : null,
        split > 5 ? name.substring(split + 2) : name,
        Json.MAPPER.writeValueAsString(state.path("input")),
        failed ? state.path("error").asString("") : state.path("output").asString(""),
        failed);
    if (mcp) {
      if (firstMcpStep == null) {
        firstMcpStep = Math.max(steps, 1);
      }
      if (!unavailable) {
        serversThatRan.add(name.substring(5, name.indexOf("__", 5)));
      }
    }
  }

  private void stepFinish(JsonNode part) {
    finishedSteps++;
    lastReason = part.path("reason").asString("");
    JsonNode tokens = part.path("tokens");
    input += tokens.path("input").asLong(0);
    // OpenCode takes reasoning out of output; the harness counts it in, as the API bills it.
    output += tokens.path("output").asLong(0) + tokens.path("reasoning").asLong(0);
    cacheRead += tokens.path("cache").path("read").asLong(0);
    cacheWrite += tokens.path("cache").path("write").asLong(0);
    if (part.path("cost").isNumber()) {
      cost = (cost == null ? 0 : cost) + part.path("cost").asDouble();
    }
  }

  private AgentStream result(AgentCli.StreamContext context) {
    AgentStream.Result result = null;
    if (error != null || finishedSteps > 0) {
      Usage usage = new Usage(input, output, cacheRead, cacheWrite);
      String subtype;
      String answer = answerTexts.isEmpty() ? null : String.join("\n", answerTexts);
      if (error != null) {
        subtype = "error";
        answer = errorMessage(error);
      } else if ("tool-calls".equals(lastReason)) {
        // The model asked for a tool and no step followed: OpenCode stopped the run, e.g. on a
        // permission it rejected, and exited 0 all the same.
        subtype = "error_stopped_after_tool_call";
      } else {
        subtype = "success";
      }
      result =
          new AgentStream.Result(
              subtype,
              error != null,
              error == null ? null : apiStatus(error),
              finishedSteps,
              null,
              cost,
              usage,
              answer);
    }
    return new AgentStream(
        OpenCodeMcpStatus.of(context.configuredServers(), context.stderrTail(), serversThatRan),
        ToolCalls.of(byName),
        null,
        result,
        unreadable,
        new McpUse(List.of(), firstMcpStep == null ? null : firstMcpStep - 1),
        turns.build());
  }

  /** {@code APIError: Rate limited}, or the error as OpenCode printed it. */
  static String errorMessage(JsonNode error) {
    String name = error.path("name").asString("");
    String message = error.path("data").path("message").asString("");
    if (message.isEmpty()) {
      message = error.path("message").asString("");
    }
    if (message.isEmpty()) {
      return Json.COMPACT.writeValueAsString(error);
    }
    return name.isEmpty() ? message : name + ": " + message;
  }

  /**
   * The HTTP status of a failed API call: OpenCode's {@code statusCode}, else one its message names
   * ({@code status 503}, {@code 429 Too Many Requests}); null when there is none.
   */
  static Integer apiStatus(JsonNode error) {
    Integer status = Json.intOrNull(error.path("data").get("statusCode"));
    if (status != null && status > 0) {
      return status;
    }
    String message = errorMessage(error);
    for (Pattern pattern : List.of(STATUS_IN_MESSAGE, STATUS_WITH_REASON)) {
      Matcher matcher = pattern.matcher(message);
      if (matcher.find()) {
        return Integer.valueOf(matcher.group(1));
      }
    }
    return null;
  }
}
