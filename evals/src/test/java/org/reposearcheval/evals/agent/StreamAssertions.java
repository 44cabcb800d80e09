package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

/** What every adapter's stream says of a recorded run alike, asserted once for all of them. */
public final class StreamAssertions {
  private StreamAssertions() {}

  /**
   * {@code stream} made one MCP call, to {@code tool}, in its first turn and ended in success.
   *
   * @return the run's result, for what else a test checks of it
   */
  public static AgentStream.Result assertOneMcpCallFirstThenSuccess(
      AgentStream stream, String tool) {
    assertEquals(Map.of(tool, 1), stream.toolCalls().byName());
    assertEquals(1, stream.toolCalls().mcp());
    assertEquals(0, stream.mcpUse().turnsBeforeFirstCall());
    AgentStream.Result result = stream.result();
    assertEquals("success", result.subtype());
    assertFalse(result.failed());
    return result;
  }

  /** {@code result} is an error that failed the run with the API's status 429, so it is retried. */
  public static void assertRateLimited(AgentStream.Result result) {
    assertEquals("error", result.subtype());
    assertTrue(result.isError() && result.failed());
    assertEquals(429, result.apiErrorStatus());
  }
}
