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

  /** Jackson's complaint in one line, with where it happened: {@code line 3, column 9: ...}. */
  public static String describe(tools.jackson.core.JacksonException e) {
    String message = e.getOriginalMessage().lines().findFirst().orElse("malformed");
    var where = e.getLocation();
    return where == null || where.getLineNr() < 1
        ? message
        : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + message;
  }
}
