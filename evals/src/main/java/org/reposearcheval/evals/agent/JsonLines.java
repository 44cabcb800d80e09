package org.reposearcheval.evals.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The one way every agent's JSON-lines output is read: each line that is a JSON object is handed on
 * as an event; a line that is not JSON, not an object, or longer than {@link
 * AgentStream#MAX_LINE_CHARS} (never held in memory) is counted, so a stray log line never hides
 * the result. Memory stays flat however long the transcript or any line is.
 */
public final class JsonLines {
  private JsonLines() {}

  /**
   * Hands each JSON object of {@code transcript} to {@code event}; returns the unreadable lines.
   */
  public static int read(Path transcript, Consumer<JsonNode> event) throws IOException {
    int unreadable = 0;
    try (BufferedReader reader = Files.newBufferedReader(transcript)) {
      BoundedLines lines =
          new BoundedLines(reader, AgentStream.MAX_LINE_CHARS, Files.size(transcript));
      for (String line; (line = lines.next()) != null; ) {
        if (line == BoundedLines.TOO_LONG) {
          unreadable++;
          continue;
        }
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = Json.MAPPER.readTree(line);
        } catch (JacksonException e) {
          unreadable++;
          continue;
        }
        if (node == null || !node.isObject()) {
          unreadable++;
          continue;
        }
        event.accept(node);
      }
    }
    return unreadable;
  }
}
