package org.reposearcheval.evals.util;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one reader of a file of one JSON value per line, for the agents' parsers and the transcript
 * pages alike. Each line goes straight from the file into the parser: no line is ever held as a
 * string, and every string value longer than the reader's {@code maxString} characters is cut as it
 * is read, so an event holding a file of megabytes costs its first {@code maxString} characters and
 * its length. A line longer than {@link #MAX_LINE_CHARS} is skipped and measured; a line that is
 * not JSON is skipped and counted, so a stray log line never hides the result. Memory stays flat
 * however long the file or any line is.
 */
public final class JsonLines implements AutoCloseable {
  /**
   * Longer lines are skipped unread: in practice only a tool's result can be that long (a whole
   * file read through MCP), while the events a run is judged by stay far smaller.
   */
  public static final int MAX_LINE_CHARS = 4 << 20;

  /**
   * One line read.
   *
   * @param value null for a blank line, one that was not JSON, or one too long
   * @param unreadable true when the line held something that was not JSON
   * @param trailing true when something followed the line's first value
   * @param cutLengths the full length of each string value that was cut
   */
  public record Line(
      JsonNode value,
      long chars,
      boolean tooLong,
      boolean unreadable,
      boolean trailing,
      Map<JsonNode, Long> cutLengths) {
    /** The full length of a string value that was cut, else its own length. */
    public long length(JsonNode string) {
      Long full = cutLengths.get(string);
      return full != null ? full : string.asString("").length();
    }
  }

  private final Reader in;
  private final int maxString;
  private final char[] buffer = new char[8192];
  private int position;
  private int end;
  private boolean atEnd;

  /** Reads {@code in}, cutting every string value longer than {@code maxString} characters. */
  public JsonLines(Reader in, int maxString) {
    this.in = in;
    this.maxString = maxString;
  }

  /**
   * Hands each JSON object of {@code file}, whole, to {@code event}; returns the lines that were
   * not one (not JSON, not an object, followed by more, or too long). Blank lines are skipped.
   */
  public static int read(Path file, Consumer<JsonNode> event) throws IOException {
    int unreadable = 0;
    try (JsonLines lines = new JsonLines(Files.newBufferedReader(file), Integer.MAX_VALUE)) {
      for (Line line; (line = lines.next()) != null; ) {
        if (line.tooLong() || line.unreadable() || line.trailing()) {
          unreadable++;
        } else if (line.value() != null && !line.value().isObject()) {
          unreadable++;
        } else if (line.value() != null) {
          event.accept(line.value());
        }
      }
    }
    return unreadable;
  }

  /** The next line, or null at the end of the file. */
  public Line next() throws IOException {
    if (!fill()) {
      return null;
    }
    LineReader line = new LineReader();
    Map<JsonNode, Long> cuts = new IdentityHashMap<>();
    JsonNode value = null;
    boolean unreadable = false;
    boolean trailing = false;
    try (JsonParser parser = Json.MAPPER.createParser(line)) {
      value = parser.nextToken() == null ? null : read(parser, cuts, maxString);
      trailing = value != null && parser.nextToken() != null;
    } catch (JacksonException e) {
      unreadable = value == null;
      trailing = value != null;
    }
    long chars = line.finish();
    boolean tooLong = chars > MAX_LINE_CHARS;
    return new Line(tooLong ? null : value, chars, tooLong, unreadable && !tooLong, trailing, cuts);
  }

  /** True when a character is waiting in the buffer, reading more if needed. */
  private boolean fill() throws IOException {
    if (position < end) {
      return true;
    }
    if (atEnd) {
      return false;
    }
    int read = in.read(buffer);
    if (read <= 0) {
      atEnd = true;
      return false;
    }
    position = 0;
    end = read;
    return true;
  }

  /** The current line as a reader that ends at its line feed or at the longest line allowed. */
  private final class LineReader extends Reader {
    private long chars;
    private boolean ended;

    @Override
    public int read(char[] into, int offset, int length) throws IOException {
      if (ended || chars >= MAX_LINE_CHARS || !fill()) {
        return -1;
      }
      int limit =
          (int) Math.min(Math.min(end, position + length), position + MAX_LINE_CHARS - chars);
      int stop = position;
      while (stop < limit && buffer[stop] != '\n') {
        stop++;
      }
      int count = stop - position;
      System.arraycopy(buffer, position, into, offset, count);
      chars += count;
      position = stop;
      if (stop < end && buffer[stop] == '\n') {
        position++;
        ended = true;
        if (count == 0) {
          return -1;
        }
      }
      return count;
    }

    /** Skips what the parser left of the line; its whole length in characters. */
    long finish() throws IOException {
      while (!ended && fill()) {
        if (buffer[position] == '\n') {
          position++;
          ended = true;
        } else {
          position++;
          chars++;
        }
      }
      return chars;
    }

    @Override
    public void close() {}
  }

  /** The value at the parser's current token, its long strings cut. */
  private static JsonNode read(JsonParser parser, Map<JsonNode, Long> cuts, int maxString) {
    JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> {
        ObjectNode object = nodes.objectNode();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.set(name, read(parser, cuts, maxString));
        }
        yield object;
      }
      case START_ARRAY -> {
        ArrayNode array = nodes.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(parser, cuts, maxString));
        }
        yield array;
      }
      case VALUE_STRING -> {
        CutWriter text = new CutWriter(maxString);
        parser.getString(text);
        JsonNode string = nodes.stringNode(text.kept());
        if (text.chars() > maxString) {
          cuts.put(string, text.chars());
        }
        yield string;
      }
      case VALUE_NUMBER_INT -> nodes.numberNode(parser.getNumberValue().longValue());
      case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
      case VALUE_TRUE -> nodes.booleanNode(true);
      case VALUE_FALSE -> nodes.booleanNode(false);
      default -> nodes.nullNode();
    };
  }

  /** Keeps the first {@code limit} characters written to it and counts them all. */
  private static final class CutWriter extends java.io.Writer {
    private final StringBuilder kept = new StringBuilder();
    private final int limit;
    private long chars;

    CutWriter(int limit) {
      this.limit = limit;
    }

    @Override
    public void write(char[] text, int offset, int length) {
      int room = (int) Math.max(0, Math.min(length, limit - chars));
      kept.append(text, offset, room);
      chars += length;
    }

    String kept() {
      return kept.toString();
    }

    long chars() {
      return chars;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
