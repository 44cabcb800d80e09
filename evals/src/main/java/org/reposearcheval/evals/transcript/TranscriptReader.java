package org.reposearcheval.evals.transcript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.reposearcheval.evals.run.Turns;
import org.reposearcheval.evals.transcript.Transcript.Init;
import org.reposearcheval.evals.transcript.Transcript.Note;
import org.reposearcheval.evals.transcript.Transcript.Server;
import org.reposearcheval.evals.transcript.Transcript.Shown;
import org.reposearcheval.evals.transcript.Transcript.Step;
import org.reposearcheval.evals.transcript.Transcript.Text;
import org.reposearcheval.evals.transcript.Transcript.ToolCall;
import org.reposearcheval.evals.transcript.Transcript.Turn;
import org.reposearcheval.evals.util.Json;
import org.reposearcheval.evals.util.JsonLines;
import tools.jackson.databind.JsonNode;

/**
 * Reads the turns an adapter kept beside a transcript ({@link Turns}, through {@link TurnsReader}),
 * or else a {@code claude -p --output-format stream-json} transcript into the turns a page shows,
 * line by line ({@link JsonLines}): each tool result is matched to its call by {@code tool_use_id}
 * and cut to {@link #SHOWN_RESULT} characters, its size kept.
 */
final class TranscriptReader {
  /** A tool's result or arguments are shown up to this many characters. */
  static final int SHOWN_RESULT = 4096;

  /** Text the model wrote is shown up to this many characters. */
  static final int SHOWN_TEXT = 64 << 10;

  /** Longer strings are cut to this many characters as they are read: no text is shown longer. */
  static final int CUT = SHOWN_TEXT;

  private Init init;
  private String resultSubtype;
  private int unreadable;
  private final List<String> notes = new ArrayList<>();

  /** Each turn's steps: a {@link Step}, or a {@link Call} whose result may still come. */
  private final List<List<Object>> turns = new ArrayList<>();

  private final Map<String, Integer> turnOfMessage = new HashMap<>();
  private final Map<String, Deque<Call>> unanswered = new HashMap<>();

  /** A tool call whose result may still come. */
  private static final class Call {
    final String id;
    final String name;
    final Shown input;
    Shown result;
    boolean error;

    Call(String id, String name, Shown input) {
      this.id = id;
      this.name = name;
      this.input = input;
    }
  }

  private TranscriptReader() {}

  /** The transcript at {@code file}; {@link Transcript#NONE} when there is none. */
  static Transcript read(Path file) throws IOException {
    if (file == null || !Files.isRegularFile(file)) {
      return Transcript.NONE;
    }
    if (Files.isRegularFile(Turns.fileOf(file))) {
      return TurnsReader.read(Turns.fileOf(file));
    }
    TranscriptReader reader = new TranscriptReader();
    try (JsonLines lines = new JsonLines(Files.newBufferedReader(file), TranscriptReader.CUT)) {
      JsonLines.Line line;
      while ((line = lines.next()) != null) {
        reader.take(line);
      }
    }
    return reader.transcript();
  }

  private void take(JsonLines.Line line) {
    if (line.tooLong()) {
      note(
          "a line of "
              + PageLayout.count(line.chars())
              + " characters, longer than the "
              + PageLayout.count(JsonLines.MAX_LINE_CHARS)
              + " read, was skipped");
      return;
    }
    JsonNode event = line.value();
    if (line.unreadable() || (event != null && !event.isObject())) {
      unreadable++;
      return;
    }
    if (event == null) {
      return;
    }
    switch (event.path("type").asString("")) {
      case "system" -> system(event);
      case "assistant" -> assistant(event, line);
      case "user" -> user(event, line);
      case "result" -> resultSubtype = event.path("subtype").asString(null);
      default -> {}
    }
  }

  private void system(JsonNode event) {
    switch (event.path("subtype").asString("")) {
      case "init" -> {
        List<Server> servers = new ArrayList<>();
        for (JsonNode server : event.path("mcp_servers")) {
          servers.add(
              new Server(server.path("name").asString(""), server.path("status").asString("")));
        }
        List<String> mcpTools =
            event.path("tools").values().stream()
                .map(tool -> tool.asString(""))
                .filter(name -> name.startsWith("mcp__"))
                .toList();
        init =
            new Init(
                "claude",
                event.path("model").asString(null),
                event.path("claude_code_version").asString(null),
                servers,
                mcpTools);
      }
      case "api_retry" ->
          note(
              "API retry "
                  + event.path("attempt").asString("?")
                  + (event.hasNonNull("error_status")
                      ? " after status " + event.path("error_status").asString()
                      : ""));
      default -> {}
    }
  }

  /**
   * Events sharing a message id are one turn, as the agent counts them; no id, a turn of its own.
   */
  private void assistant(JsonNode event, JsonLines.Line line) {
    String id = event.path("message").path("id").asString("");
    Integer turn = id.isEmpty() ? null : turnOfMessage.get(id);
    if (turn == null) {
      turns.add(new ArrayList<>());
      turn = turns.size();
      if (!id.isEmpty()) {
        turnOfMessage.put(id, turn);
      }
    }
    List<Object> steps = turns.get(turn - 1);
    for (JsonNode block : event.path("message").path("content")) {
      switch (block.path("type").asString("")) {
        case "text" -> steps.add(new Text(false, shown(block.path("text"), line, SHOWN_TEXT)));
        case "thinking" ->
            steps.add(new Text(true, shown(block.path("thinking"), line, SHOWN_TEXT)));
        case "tool_use" -> {
          Call call =
              new Call(
                  block.path("id").asString(""),
                  block.path("name").asString("?"),
                  Shown.of(Json.MAPPER.writeValueAsString(block.path("input")), SHOWN_RESULT));
          unanswered.computeIfAbsent(call.id, k -> new ArrayDeque<>()).add(call);
          steps.add(call);
        }
        default -> steps.add(new Note("a " + block.path("type").asString("?") + " block"));
      }
    }
  }

  private void user(JsonNode event, JsonLines.Line line) {
    for (JsonNode block : event.path("message").path("content")) {
      if (!"tool_result".equals(block.path("type").asString(""))) {
        continue;
      }
      String id = block.path("tool_use_id").asString("");
      Deque<Call> waiting = unanswered.get(id);
      Call call = waiting == null ? null : waiting.poll();
      Shown result = content(block.path("content"), line);
      if (call == null) {
        note("a result for tool call " + id + ", which no turn made: " + result.text());
      } else {
        call.result = result;
        call.error = block.path("is_error").asBoolean(false);
      }
    }
  }

  /** A tool result's content: a string, or blocks whose texts are joined by line feeds. */
  private static Shown content(JsonNode content, JsonLines.Line line) {
    if (!content.isArray()) {
      return shown(content, line, SHOWN_RESULT);
    }
    StringBuilder text = new StringBuilder();
    long chars = 0;
    for (JsonNode block : content) {
      String part =
          "text".equals(block.path("type").asString(""))
              ? block.path("text").asString("")
              : "[" + block.path("type").asString("?") + "]";
      long length =
          "text".equals(block.path("type").asString(""))
              ? line.length(block.path("text"))
              : part.length();
      if (!text.isEmpty()) {
        text.append('\n');
        chars++;
      }
      if (text.length() < SHOWN_RESULT) {
        text.append(part, 0, Math.min(part.length(), SHOWN_RESULT - text.length()));
      }
      chars += length;
    }
    return Shown.of(text.toString(), chars, SHOWN_RESULT);
  }

  private static Shown shown(JsonNode text, JsonLines.Line line, int limit) {
    return text.isString()
        ? Shown.of(text.asString(), line.length(text), limit)
        : text.isMissingNode() || text.isNull()
            ? Shown.EMPTY
            : Shown.of(Json.MAPPER.writeValueAsString(text), limit);
  }

  private void note(String text) {
    if (turns.isEmpty()) {
      notes.add(text);
    } else {
      turns.getLast().add(new Note(text));
    }
  }

  private Transcript transcript() {
    List<Turn> done = new ArrayList<>();
    for (List<Object> steps : turns) {
      done.add(new Turn(done.size() + 1, steps.stream().map(TranscriptReader::step).toList()));
    }
    if (unreadable > 0) {
      notes.add(PageLayout.plural(unreadable, "line was", "lines were") + " not JSON and skipped");
    }
    return new Transcript(true, init, done, notes, resultSubtype, unreadable);
  }

  private static Step step(Object step) {
    return step instanceof Call call
        ? ToolCall.named(call.id, call.name, call.input, call.result, call.error)
        : (Step) Objects.requireNonNull(step);
  }
}
