package org.reposearcheval.evals;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a scripted model API answers one request with, whatever its protocol: a text, one tool call,
 * an API error, or nothing yet. Each stand-in ({@link ScriptedMessagesApi}, {@link
 * ScriptedResponsesApi}, {@link ScriptedGeminiApi}, {@link ScriptedAugmentBackend}) writes it as
 * its own API would.
 */
public sealed interface Reply {
  record Text(String text) implements Reply {}

  /**
   * A call of {@code tool}, named as the agent offers it ({@code Read}, {@code
   * mcp__repo__read_text_file}, {@code mcp_repo_read_text_file}, …), with {@code input}.
   */
  record ToolUse(String tool, JsonNode input) implements Reply {}

  /**
   * HTTP {@code status} with {@code message}, in the protocol's error body (its error type or
   * status name follows from the status, e.g. 429: {@code rate_limit_error}, {@code
   * RESOURCE_EXHAUSTED}); {@code headers} go out with it, e.g. the API's {@code retry-after}, which
   * some CLIs wait for between their own retries.
   */
  record Error(int status, String message, Map<String, String> headers) implements Reply {
    public Error {
      headers = Map.copyOf(headers);
    }

    public Error(int status, String message) {
      this(status, message, Map.of());
    }
  }

  /**
   * No answer until the stand-in is closed: the run stays in flight, its MCP servers started, for
   * as long as a test needs to look at it or stop it.
   */
  record Hang() implements Reply {}
}
