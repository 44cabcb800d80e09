package org.reposearcheval.evals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.Binaries;
import org.reposearcheval.evals.suite.AgentSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** What the OpenCode integration tests share: the agent, its model, and the scripted model. */
final class OpenCodeParts {
  static final String PLANTED_KEY = "sk-ant-it-planted-secret-opencode-42";
  static final String MODEL = "anthropic/claude-sonnet-4-5";
  static final AgentSpec OPENCODE =
      AgentSpec.of("opencode", Optional.of(RealParts.OPENCODE.toString()));

  private OpenCodeParts() {}

  static AgentOptions options(Path repo, Duration timeout) {
    return new AgentOptions(
        Binaries.of("claude", "claude"), repo, Optional.of(MODEL), Optional.empty(), timeout);
  }

  /**
   * The scripted model: reads the widget source with the server's tool when it is offered, with the
   * built-in {@code read} otherwise, then answers with what it read.
   */
  static Reply reply(JsonNode request, Path source) {
    List<String> tools = ScriptedMessagesApi.offeredToolNames(request);
    if (ScriptedMessagesApi.lastUserMessageHasToolResult(request)) {
      return new Reply.Text(
          "ANSWER from src/Widget.java: " + ScriptedMessagesApi.lastToolResultText(request));
    }
    if (tools.contains("repo_read_text_file")) {
      return toolUse("repo_read_text_file", "path", source, null, null);
    }
    if (tools.contains("read")) {
      return toolUse("read", "filePath", source, null, null);
    }
    return new Reply.Text("no tools");
  }

  /** A call of {@code tool} with up to two string arguments (a null name leaves one out). */
  static Reply toolUse(String tool, String name, Object value, String name2, Object value2) {
    var input = JsonNodeFactory.instance.objectNode();
    input.put(name, value.toString());
    if (name2 != null) {
      input.put(name2, value2 == null ? "" : value2.toString());
    }
    return new Reply.ToolUse(tool, input);
  }
}
