package org.reposearcheval.evals.util;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one configured mapper: thread-safe, shared by reading cases, streams and reports. */
public final class Json {
  public static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** One line per value, for the journal. */
  public static final JsonMapper COMPACT = JsonMapper.builder().build();

  /** For files people write: a key given twice is an error, not a silent overwrite. */
  public static final JsonMapper STRICT =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private Json() {}

  /** A number, or a number sent as a string ({@code "429"}); anything else non-null is -1. */
  public static Integer intOrNull(tools.jackson.databind.JsonNode node) {
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

  /** The text of {@code node}, or null where it is missing or JSON null. */
  public static String textOrNull(tools.jackson.databind.JsonNode node) {
    return node == null || node.isNull() ? null : node.asString();
  }

  /** Jackson's complaint in one line, with where it happened: {@code line 3, column 9: ...}. */
  public static String describe(tools.jackson.core.JacksonException e) {
    String message = e.getOriginalMessage().lines().findFirst().orElse("malformed");
    var where = e.getLocation();
    return where == null || where.getLineNr() < 1
        ? message
        : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + message;
  }
}
