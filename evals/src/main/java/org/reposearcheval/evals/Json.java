package org.reposearcheval.evals;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one configured mapper: thread-safe, shared by reading cases, streams and reports. */
final class Json {
  static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** One line per value, for the journal. */
  static final JsonMapper COMPACT = JsonMapper.builder().build();

  /** For files people write: a key given twice is an error, not a silent overwrite. */
  static final JsonMapper STRICT =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private Json() {}

  /** Jackson's complaint in one line, with where it happened: {@code line 3, column 9: ...}. */
  static String describe(tools.jackson.core.JacksonException e) {
    String message = e.getOriginalMessage().lines().findFirst().orElse("malformed");
    var where = e.getLocation();
    return where == null || where.getLineNr() < 1
        ? message
        : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + message;
  }
}
