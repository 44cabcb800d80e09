package org.reposearcheval.evals.agent.gemini;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP status of an API error Gemini CLI reports, so that a 429 or 5xx is retried by the
 * harness. The {@code result} event's message does not always carry the number: a 429 reads {@code
 * [API Error: Resource exhausted]} followed by the CLI's rate-limit advice. So the status is taken,
 * in this order, from a {@code "code": N} in the message, the CLI's rate-limit advice (always a
 * 429), the error object the CLI prints on stderr ({@code status: N}), and a {@code (Status: NAME)}
 * the message ends with. The exit code (the status modulo 256) is not given to a reader.
 */
final class ApiErrorStatus {
  private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*(\\d{3})\\b");
  private static final Pattern STDERR_STATUS = Pattern.compile("\\bstatus: (\\d{3})\\b");
  private static final Pattern STATUS_NAME = Pattern.compile("\\(Status: ([A-Z_]+)\\)");

  /** The CLI's advice after a 429, for each auth type (errorParsing.js). */
  private static final String[] RATE_LIMIT_ADVICE = {
    "Please wait and try again later. To increase your limits",
    "Possible quota limitations in place or slow response times detected"
  };

  /** Google's canonical error names and the HTTP statuses they come with. */
  private static final Map<String, Integer> BY_NAME =
      Map.of(
          "RESOURCE_EXHAUSTED", 429,
          "UNAVAILABLE", 503,
          "INTERNAL", 500,
          "DEADLINE_EXCEEDED", 504,
          "UNAUTHENTICATED", 401,
          "PERMISSION_DENIED", 403,
          "INVALID_ARGUMENT", 400,
          "NOT_FOUND", 404);

  private ApiErrorStatus() {}

  /** The status of the API error {@code message} reports, or null when it is none. */
  static Integer of(String message, String stderrTail) {
    if (message == null || !message.contains("[API Error")) {
      return null;
    }
    Matcher code = CODE.matcher(message);
    if (code.find()) {
      return Integer.valueOf(code.group(1));
    }
    for (String advice : RATE_LIMIT_ADVICE) {
      if (message.contains(advice)) {
        return 429;
      }
    }
    Matcher printed = STDERR_STATUS.matcher(stderrTail == null ? "" : stderrTail);
    Integer last = null;
    while (printed.find()) {
      last = Integer.valueOf(printed.group(1));
    }
    if (last != null) {
      return last;
    }
    Matcher name = STATUS_NAME.matcher(message);
    return name.find() ? BY_NAME.get(name.group(1)) : null;
  }
}
