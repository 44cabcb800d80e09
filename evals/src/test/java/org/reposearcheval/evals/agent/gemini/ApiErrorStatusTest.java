package org.reposearcheval.evals.agent.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The HTTP status of the API errors Gemini CLI reports, wherever it says it. */
class ApiErrorStatusTest {
  @Test
  void aCodeInTheMessageWins() {
    assertEquals(
        503,
        ApiErrorStatus.of(
            "[API Error: {\"error\":{\"code\":503,\"message\":\"x\"}}]", "status: 500"));
  }

  @Test
  void theClisRateLimitAdviceIsA429() {
    assertEquals(
        429,
        ApiErrorStatus.of(
            "[API Error: Quota exceeded]\nPlease wait and try again later. To increase your limits,"
                + " request a quota increase through Vertex, or switch to another /auth method",
            ""));
    assertEquals(
        429,
        ApiErrorStatus.of(
            "[API Error: Slow]\n"
                + "Possible quota limitations in place or slow response times detected. Switching"
                + " to the gemini-2.5-flash model for the rest of this session.",
            ""));
  }

  @Test
  void elseTheLastStatusTheCliPrintedOnStderr() {
    assertEquals(
        502, ApiErrorStatus.of("[API Error: Bad gateway]", "  status: 500\n}\n  status: 502\n}"));
  }

  @Test
  void elseTheStatusNameTheMessageEndsWith() {
    assertEquals(503, ApiErrorStatus.of("[API Error: Try later (Status: UNAVAILABLE)]", ""));
    assertNull(ApiErrorStatus.of("[API Error: Odd (Status: SOMETHING_ELSE)]", ""));
  }

  @Test
  void anErrorThatIsNoApiErrorHasNoStatus() {
    assertNull(ApiErrorStatus.of("Maximum session turns exceeded", "status: 500"));
    assertNull(ApiErrorStatus.of(null, "status: 500"));
  }
}
