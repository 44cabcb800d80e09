package org.reposearcheval.evals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Both scripted model APIs as a process of their own, for a whole run of a suite with Claude Code
 * and Codex, each with and without MCP, and nothing real but the model: {@code
 * cmd/bench/scripted-suite} runs the shipped suite with it. Usage: {@code ScriptedAgentApis DIR
 * REPO [BIN]}, where {@code BIN} holds the pinned {@code claude}, {@code codex} and {@code
 * mcp-server-filesystem} ({@code evals/src/it/node_modules/.bin} by default). It starts {@link
 * ScriptedMessagesApi} and {@link ScriptedResponsesApi}, writes {@code DIR/mcp.json} (the
 * filesystem server on {@code REPO}) and {@code DIR/variants.json} (arms {@code
 * claude-without-mcp}, the baseline, {@code claude-with-mcp}, {@code codex-with-mcp} and {@code
 * codex-without-mcp}, each pointed at its stand-in by its own {@code env} and {@code args}), prints
 * the variants file's path on its first line and the base URLs after it, and serves until its
 * standard input closes.
 *
 * <p>The scripted model looks once and answers with what it saw: it lists {@code REPO} with the MCP
 * server's {@code list_directory} when offered, else with the agent's own tool (Claude Code's
 * {@code Glob}, codex's shell), so the answers rarely meet a case's expectations; the run shows the
 * plumbing, not a model's skill.
 */
final class ScriptedAgentApis {
  private static final String KEY_VARIABLE = CodexContract.KEY_VARIABLE;

  private ScriptedAgentApis() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: ScriptedAgentApis DIR REPO [BIN]");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0])).toAbsolutePath();
    Path repo = Path.of(args[1]).toRealPath();
    Path bin =
        Path.of(args.length > 2 ? args[2] : "evals/src/it/node_modules/.bin").toAbsolutePath();
    try (ScriptedMessagesApi claude = ScriptedMessagesApi.start(r -> claudeReply(r, repo));
        ScriptedResponsesApi codex = ScriptedResponsesApi.start(r -> codexReply(r, repo))) {
      Path mcp = dir.resolve("mcp.json");
      Files.writeString(
          mcp,
          Json.COMPACT.writeValueAsString(
              Map.of(
                  "mcpServers",
                  Map.of(
                      "repo",
                      Map.of(
                          "command",
                          bin.resolve("mcp-server-filesystem").toString(),
                          "args",
                          List.of(repo.toString()))))));
      Path variants = dir.resolve("variants.json");
      Files.writeString(variants, variants(claude, codex, bin, mcp));
      System.out.println(variants);
      System.out.println("Messages API (Claude Code): " + claude.baseUrl());
      System.out.println("Responses API (Codex):      " + codex.baseUrl() + "/v1");
      System.out.flush();
      System.in.transferTo(OutputStream.nullOutputStream());
    }
  }

  private static String variants(
      ScriptedMessagesApi claude, ScriptedResponsesApi codex, Path bin, Path mcp) {
    Map<String, Object> claudeEnv =
        Map.of(
            "ANTHROPIC_BASE_URL", claude.baseUrl(),
            "ANTHROPIC_API_KEY", "sk-ant-scripted-not-a-real-key",
            "CLAUDE_CODE_MAX_RETRIES", "0");
    Map<String, Object> claudeArm =
        Map.of("agent", "claude", "command", bin.resolve("claude").toString(), "env", claudeEnv);
    return fourArms(
        claudeArm,
        codexArm(codex, bin.resolve("codex").toString(), "sk-scripted-not-a-real-key"),
        mcp);
  }

  /** Codex CLI as an arm's agent, {@code command}, reaching {@code codex} with {@code key}. */
  static Map<String, Object> codexArm(ScriptedResponsesApi codex, String command, String key) {
    return Map.of(
        "agent",
        "codex",
        "command",
        command,
        "model",
        "mock-model",
        "args",
        codex.codexArgs(KEY_VARIABLE, 0),
        "env",
        Map.of(KEY_VARIABLE, key));
  }

  /**
   * A variants file of four arms, Claude Code's without MCP the baseline: {@code claude} and {@code
   * codex}, each with the servers of {@code mcp} and without.
   */
  static String fourArms(Map<String, Object> claude, Map<String, Object> codex, Path mcp) {
    return Json.COMPACT.writeValueAsString(
        Map.of(
            "baseline",
            "claude-without-mcp",
            "variants",
            List.of(
                variant("claude-without-mcp", claude, null),
                variant("claude-with-mcp", claude, mcp),
                variant("codex-with-mcp", codex, mcp),
                variant("codex-without-mcp", codex, null))));
  }

  /** A variant of {@code name} running {@code agent}, with the MCP config {@code mcp} if any. */
  private static Map<String, Object> variant(String name, Map<String, Object> agent, Path mcp) {
    Map<String, Object> variant = new HashMap<>(agent);
    variant.put("name", name);
    if (mcp != null) {
      variant.put("mcpConfig", mcp.toString());
    }
    return variant;
  }

  private static String answer(String seen) {
    String shown = seen.length() > 2000 ? seen.substring(0, 2000) + "…" : seen;
    return "The repository holds:\n" + shown;
  }

  static Reply codexReply(JsonNode request, Path repo) {
    if (ScriptedResponsesApi.endsWithToolOutput(request)) {
      return new Reply.Text(answer(ScriptedResponsesApi.lastToolOutput(request)));
    }
    var input = JsonNodeFactory.instance.objectNode();
    for (String tool : ScriptedResponsesApi.offeredToolNames(request)) {
      if (tool.startsWith("mcp__") && tool.endsWith("__list_directory")) {
        input.put("path", repo.toString());
        return new Reply.ToolUse(tool, input);
      }
    }
    input.put("cmd", "ls");
    return new Reply.ToolUse("exec_command", input);
  }

  static Reply claudeReply(JsonNode request, Path repo) {
    List<String> tools = ScriptedMessagesApi.offeredToolNames(request);
    if (tools.isEmpty()) {
      return new Reply.Text("ok"); // a side request: a title, a quota check
    }
    if (ScriptedMessagesApi.lastUserMessageHasToolResult(request)) {
      return new Reply.Text(answer(ScriptedMessagesApi.lastToolResultText(request)));
    }
    var input = JsonNodeFactory.instance.objectNode();
    for (String tool : tools) {
      if (tool.startsWith("mcp__") && tool.endsWith("__list_directory")) {
        input.put("path", repo.toString());
        return new Reply.ToolUse(tool, input);
      }
    }
    input.put("pattern", "*");
    return new Reply.ToolUse("Glob", input);
  }
}
