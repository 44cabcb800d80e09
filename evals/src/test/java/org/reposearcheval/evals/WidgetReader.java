package org.reposearcheval.evals;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scripted model that reads the widget source ({@link RealParts#widgetRepo}) through the MCP
 * server {@code repo}, in the protocol ({@code R}, its reply) of one stand-in API: once a tool's
 * result came back it answers {@value #ANSWER} and that result; offered the server's {@code
 * read_text_file} as the agent names it ({@code tool}) it calls it on the source; offered no such
 * tool it says so.
 *
 * @param tool the server's {@code read_text_file} as the agent names it
 * @param call a call of {@code tool} with the given arguments
 * @param offered the names of the tools a request offers
 * @param hasResult whether a request brings back a tool's result
 * @param lastResult the last tool result a request brings back
 * @param text a reply of text
 */
record WidgetReader<R>(
    String tool,
    Function<ObjectNode, R> call,
    Function<JsonNode, List<String>> offered,
    Predicate<JsonNode> hasResult,
    Function<JsonNode, String> lastResult,
    Function<String, R> text) {
  static final String ANSWER = "ANSWER from src/Widget.java: ";

  /** The Augment CLI's model (its backend): the server's tools are {@code …_repo}. */
  static final WidgetReader<Reply> AUGGIE =
      new WidgetReader<>(
          "read_text_file_repo",
          input -> new Reply.ToolUse("read_text_file_repo", input),
          ScriptedAugmentBackend::offeredTools,
          call -> !ScriptedAugmentBackend.toolResults(call).isEmpty(),
          call -> ScriptedAugmentBackend.toolResults(call).getLast(),
          Reply.Text::new);

  /** Codex's model (the Responses API): the server's tools are {@code mcp__repo__…}. */
  static final WidgetReader<Reply> CODEX =
      new WidgetReader<>(
          "mcp__repo__read_text_file",
          input -> new Reply.ToolUse("mcp__repo__read_text_file", input),
          ScriptedResponsesApi::offeredToolNames,
          ScriptedResponsesApi::endsWithToolOutput,
          ScriptedResponsesApi::lastToolOutput,
          Reply.Text::new);

  /** Gemini CLI's model (the Gemini API): the server's tools are {@code mcp_repo_…}. */
  static final WidgetReader<Reply> GEMINI =
      new WidgetReader<>(
          "mcp_repo_read_text_file",
          input -> new Reply.ToolUse("mcp_repo_read_text_file", input),
          ScriptedGeminiApi::offeredToolNames,
          ScriptedGeminiApi::answersFunctionCall,
          ScriptedGeminiApi::lastFunctionResponse,
          Reply.Text::new);

  /** The reply to {@code request}, the widget's source being {@code source}. */
  R reply(JsonNode request, Path source) {
    if (hasResult.test(request)) {
      return text.apply(ANSWER + lastResult.apply(request));
    }
    if (!offered.apply(request).contains(tool)) {
      return text.apply("no MCP tool was offered");
    }
    return call.apply(JsonNodeFactory.instance.objectNode().put("path", source.toString()));
  }
}
