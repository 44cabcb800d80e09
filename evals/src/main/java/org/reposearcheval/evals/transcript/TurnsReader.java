package org.reposearcheval.evals.transcript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reposearcheval.evals.run.Turns;
import org.reposearcheval.evals.transcript.Transcript.Init;
import org.reposearcheval.evals.transcript.Transcript.Server;
import org.reposearcheval.evals.transcript.Transcript.Shown;
import org.reposearcheval.evals.transcript.Transcript.Step;
import org.reposearcheval.evals.transcript.Transcript.Text;
import org.reposearcheval.evals.transcript.Transcript.ToolCall;
import org.reposearcheval.evals.transcript.Transcript.Turn;
import org.reposearcheval.evals.util.JsonLines;
import tools.jackson.databind.JsonNode;

/**
 * Reads the turns an adapter kept beside its CLI's transcript ({@link Turns}, the same shape for
 * every agent) into what a page shows, line by line ({@link JsonLines}).
 */
final class TurnsReader {
  private TurnsReader() {}

  static Transcript read(Path file) throws IOException {
    Init init = null;
    List<Turn> turns = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int unreadable = 0;
    try (JsonLines lines = new JsonLines(Files.newBufferedReader(file), TranscriptReader.CUT)) {
      JsonLines.Line line;
      while ((line = lines.next()) != null) {
        JsonNode event = line.value();
        if (line.tooLong() || line.unreadable() || (event != null && !event.isObject())) {
          unreadable++;
          continue;
        }
        if (event == null) {
          continue;
        }
        switch (event.path("type").asString("")) {
          case "run" -> init = init(event);
          case "turn" -> turns.add(turn(turns.size() + 1, event, line));
          default -> unreadable++;
        }
      }
    }
    if (unreadable > 0) {
      notes.add(PageLayout.plural(unreadable, "line was", "lines were") + " not read and skipped");
    }
    return new Transcript(true, init, turns, notes, null, unreadable);
  }

  private static Init init(JsonNode event) {
    List<Server> servers = new ArrayList<>();
    for (JsonNode server : event.path("mcp_servers")) {
      servers.add(new Server(server.path("name").asString(""), server.path("status").asString("")));
    }
    return new Init(
        event.path("agent").asString(null),
        event.path("model").asString(null),
        event.path("version").asString(null),
        servers,
        List.of());
  }

  private static Turn turn(int number, JsonNode event, JsonLines.Line line) {
    List<Step> steps = new ArrayList<>();
    for (JsonNode step : event.path("steps")) {
      switch (step.path("type").asString("")) {
        case "text" ->
            steps.add(new Text(false, shown(step, "text", line, TranscriptReader.SHOWN_TEXT)));
        case "tool_call" -> {
          String server = step.path("server").asString(null);
          String tool = step.path("tool").asString("?");
          steps.add(
              new ToolCall(
                  null,
                  server == null ? tool : server + " · " + tool,
                  server,
                  tool,
                  shown(step, "arguments", line, TranscriptReader.SHOWN_RESULT),
                  step.hasNonNull("result")
                      ? shown(step, "result", line, TranscriptReader.SHOWN_RESULT)
                      : null,
                  step.path("error").asBoolean(false)));
        }
        default -> {}
      }
    }
    return new Turn(number, steps);
  }

  /** {@code field} of {@code step}, its whole length from {@code <field>_chars} when it was cut. */
  private static Shown shown(JsonNode step, String field, JsonLines.Line line, int limit) {
    JsonNode text = step.path(field);
    if (!text.isString()) {
      return Shown.EMPTY;
    }
    long chars = Math.max(line.length(text), step.path(field + "_chars").asLong(0));
    return Shown.of(text.asString(), chars, limit);
  }
}
