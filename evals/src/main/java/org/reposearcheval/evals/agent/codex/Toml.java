package org.reposearcheval.evals.agent.codex;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * TOML values as codex parses the value of a {@code -c key=value} override: basic strings, arrays
 * and inline tables, each on one line (TOML allows no line break inside an inline table).
 */
final class Toml {
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private Toml() {}

  /** A basic string: quotes, backslashes and every control character escaped. */
  static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A key: bare where TOML allows it, else quoted. */
  static String key(String key) {
    return BARE_KEY.matcher(key).matches() ? key : string(key);
  }

  /** An array of strings. */
  static String array(List<String> values) {
    return values.stream().map(Toml::string).collect(Collectors.joining(", ", "[", "]"));
  }

  /** An inline table of string values. */
  static String stringTable(Map<String, String> entries) {
    return table(
        entries.entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    e -> string(e.getValue()),
                    (a, b) -> b,
                    java.util.LinkedHashMap::new)));
  }

  /** An inline table whose values are TOML already. */
  static String table(Map<String, String> entries) {
    if (entries.isEmpty()) {
      return "{}";
    }
    return entries.entrySet().stream()
        .map(e -> key(e.getKey()) + " = " + e.getValue())
        .collect(Collectors.joining(", ", "{ ", " }"));
  }
}
