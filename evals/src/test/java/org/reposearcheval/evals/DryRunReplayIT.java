package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.util.Secrets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What {@code --dry-run} prints repeats the run by hand: the printed script, run by {@code bash} in
 * the user's environment, starts the pinned CLI with the arm's MCP server (the real
 * server-filesystem) against the scripted API, and the model's script sees the server's tools and
 * reads the file through them, for each of the five agents: Gemini CLI takes its servers from a
 * settings file in its private home, which the script writes; Claude Code from {@code
 * --mcp-config}; Codex from {@code -c mcp_servers…} beside the provider given as {@code
 * --agent-args}; OpenCode from {@code OPENCODE_CONFIG_CONTENT}; the Augment CLI from the file the
 * script writes.
 */
class DryRunReplayIT {
  private static final String KEY = "dry-run-replay-secret-0123456789";
  private static final Duration BOUND = Duration.ofMinutes(3);

  @TempDir Path dir;
  TestProcesses processes;
  Path repo;
  Path source;
  Path cases;
  Path mcpConfig;

  @BeforeEach
  void suite() throws IOException {
    processes = new TestProcesses(dir);
    repo = Files.createDirectories(dir.resolve("repo"));
    source = RealParts.widgetRepo(repo);
    cases = Files.createDirectories(dir.resolve("cases"));
    Files.writeString(
        cases.resolve("widget.json"),
        """
        {"id": "widget", "prompt": "Which class builds widgets? Name the file.",
         "expect": {"contains": ["WidgetFactory"]}}\
        """);
    mcpConfig = dir.resolve("mcp.json");
    Files.writeString(
        mcpConfig, RealParts.mcpServers(List.of(RealParts.server("repo", repo.toRealPath()))));
  }

  @AfterEach
  void killLeftovers() {
    processes.killAll();
  }

  private EvalSettings settings(String agent, Path command, Optional<String> model) {
    return settings(agent, command, model, List.of());
  }

  /** The with-MCP arm only, run by {@code agent} with {@code --agent-args}. */
  private EvalSettings settings(
      String agent, Path command, Optional<String> model, List<String> agentArgs) {
    return new EvalSettings(
        new EvalSettings.Suite(cases, List.of(), Shard.ALL, mcpConfig, Optional.empty()),
        new EvalSettings.Agent(
            repo,
            RealParts.CLAUDE.toString(),
            agent,
            Optional.of(command.toString()),
            Optional.empty(),
            true,
            agentArgs,
            Map.of()),
        new EvalSettings.Schedule(List.of(Arm.WITH_MCP), 1, 1),
        new EvalSettings.PerRun(Duration.ofMinutes(2), model, Optional.empty()),
        EvalSettings.Policy.DEFAULTS);
  }

  @Test
  void geminisPrintedRunWritesItsSettingsAndReachesTheServerThroughThem() throws Exception {
    try (ScriptedGeminiApi api = ScriptedGeminiApi.start(this::gemini)) {
      Map<String, String> env = processes.tag(api.environment(KEY));

      String script =
          single(
              Evaluation.commandLines(
                  settings("gemini", RealParts.GEMINI, Optional.of("gemini-2.5-flash")),
                  dir.resolve("out"),
                  env));

      // The servers travel in settings.json: the script writes it, the server named there.
      assertTrue(script.contains("> \"$H\"/.gemini/settings.json"), script);
      assertTrue(script.contains("\"mcpServers\""), script);
      assertTrue(script.contains(RealParts.MCP_SERVER.toString()), script);
      assertTrue(script.contains("GEMINI_CLI_HOME=\"$H\""), script);
      assertFalse(script.contains(KEY), "the key is the user's, not printed");
      replayReadsTheWidget(script, env, api);
      assertOffered(api, ScriptedGeminiApi::offeredToolNames, "mcp_repo_read_text_file");
    }
  }

  @Test
  void claudeCodesPrintedRunReachesTheServerAsTheHarnessDoes() throws Exception {
    try (ScriptedMessagesApi api = ScriptedMessagesApi.start(this::claude)) {
      Map<String, String> env = processes.tag(api.environment(KEY, 1));

      String script =
          single(
              Evaluation.commandLines(
                  settings("claude", RealParts.CLAUDE, Optional.empty()), dir.resolve("out"), env));

      assertTrue(script.contains("CLAUDE_CONFIG_DIR=\"$H\""), script);
      assertTrue(script.contains("--mcp-config " + mcpConfig), script);
      String stdout = replayReadsTheWidget(script, env, api);
      assertTrue(stdout.contains("\"name\":\"mcp__repo__read_text_file\""), stdout);
    }
  }

  @Test
  void codexsPrintedRunCarriesItsServersAndProviderAndReachesTheServer() throws Exception {
    try (ScriptedResponsesApi api = ScriptedResponsesApi.start(this::codex)) {
      // The provider's key is the user's, exported; the provider itself is --agent-args.
      Map<String, String> env = new java.util.HashMap<>(System.getenv());
      env.put(CODEX_KEY_VARIABLE, KEY);
      env = processes.tag(env);

      String script =
          single(
              Evaluation.commandLines(
                  settings(
                      "codex",
                      RealParts.CODEX,
                      Optional.of("mock-model"),
                      api.codexArgs(CODEX_KEY_VARIABLE, 0)),
                  dir.resolve("out"),
                  env));

      assertTrue(script.contains("mcp_servers"), script);
      assertTrue(script.contains(RealParts.MCP_SERVER.toString()), script);
      assertTrue(script.contains("model_provider=mock"), script);
      assertFalse(script.contains(KEY), "the key is the user's, not printed");
      String stdout = replayReadsTheWidget(script, env, api);
      assertTrue(stdout.contains("\"mcp_tool_call\""), stdout);
      assertOffered(api, ScriptedResponsesApi::offeredToolNames, "mcp__repo__read_text_file");
    }
  }

  @Test
  void openCodesPrintedRunCarriesItsConfigContentAndReachesTheServer() throws Exception {
    try (ScriptedMessagesApi api =
        ScriptedMessagesApi.start(request -> OpenCodeParts.reply(request, source))) {
      Map<String, String> env = processes.tag(api.environment(KEY, 0));

      String script =
          single(
              Evaluation.commandLines(
                  settings("opencode", RealParts.OPENCODE, Optional.of(OpenCodeParts.MODEL)),
                  dir.resolve("out"),
                  env));

      assertTrue(script.contains("OPENCODE_CONFIG_CONTENT"), script);
      assertTrue(script.contains(RealParts.MCP_SERVER.toString()), script);
      assertFalse(script.contains(KEY), "the key is the user's, not printed");
      String stdout = replayReadsTheWidget(script, env, api);
      assertTrue(stdout.contains("repo_read_text_file"), stdout);
    }
  }

  @Test
  void augmentsPrintedRunCarriesItsServersAndReachesTheServer() throws Exception {
    try (ScriptedAugmentBackend backend = ScriptedAugmentBackend.start(this::auggie)) {
      Map<String, String> env = processes.tag(backend.environment(KEY));

      String script =
          single(
              Evaluation.commandLines(
                  settings("auggie", RealParts.AUGGIE, Optional.empty()), dir.resolve("out"), env));

      assertTrue(script.contains(RealParts.MCP_SERVER.toString()), script);
      assertFalse(script.contains(KEY), "the session is the user's, not printed");
      replayReadsTheWidget(script, env, backend);
      assertOffered(backend, ScriptedAugmentBackend::offeredTools, "read_text_file_repo");
    }
  }

  private static final String CODEX_KEY_VARIABLE = "SCRIPTED_RESPONSES_KEY";

  private ScriptedResponsesApi.Reply codex(JsonNode request) {
    if (ScriptedResponsesApi.endsWithToolOutput(request)) {
      return new ScriptedResponsesApi.Reply.Text(
          "ANSWER from src/Widget.java: " + ScriptedResponsesApi.lastToolOutput(request));
    }
    if (!ScriptedResponsesApi.offeredToolNames(request).contains("mcp__repo__read_text_file")) {
      return new ScriptedResponsesApi.Reply.Text("no MCP tool was offered");
    }
    return new ScriptedResponsesApi.Reply.ToolUse(
        "mcp__repo",
        "read_text_file",
        JsonNodeFactory.instance.objectNode().put("path", source.toString()));
  }

  private ScriptedAugmentBackend.Reply auggie(JsonNode call) {
    List<String> results = ScriptedAugmentBackend.toolResults(call);
    if (!results.isEmpty()) {
      return new ScriptedAugmentBackend.Reply.Text(
          "ANSWER from src/Widget.java: " + results.getLast());
    }
    if (!ScriptedAugmentBackend.offeredTools(call).contains("read_text_file_repo")) {
      return new ScriptedAugmentBackend.Reply.Text("no MCP tool was offered");
    }
    var input = JsonNodeFactory.instance.objectNode().put("path", source.toString());
    return new ScriptedAugmentBackend.Reply.ToolUse("read_text_file_repo", input);
  }

  private static String single(List<String> scripts) {
    assertEquals(1, scripts.size(), scripts.toString());
    String script = scripts.getFirst();
    assertFalse(script.contains(Secrets.MASK), "nothing of this run is secret: " + script);
    return script;
  }

  /**
   * Replays {@code script}: its answer quotes the widget's file, read through the server, and the
   * stand-in {@code api} saw no failure. Returns what the replay printed.
   */
  private String replayReadsTheWidget(
      String script, Map<String, String> env, ScriptedHttpServer<?> api) throws Exception {
    String stdout = replay(script, env);
    assertTrue(stdout.contains("ANSWER from src/Widget.java"), stdout);
    assertTrue(stdout.contains("WidgetFactory"), stdout);
    assertTrue(api.failures().isEmpty(), api.failures().toString());
    return stdout;
  }

  /** Some request to {@code api} offered {@code tool}; {@code offered} reads a request's tools. */
  private static void assertOffered(
      ScriptedHttpServer<?> api, Function<JsonNode, List<String>> offered, String tool) {
    assertTrue(
        api.requests().stream().anyMatch(r -> offered.apply(r).contains(tool)),
        "the printed run offered the server's tools");
  }

  /** Runs {@code script} with bash in {@code env}, bounded; its stdout. */
  private String replay(String script, Map<String, String> env) throws Exception {
    Path out = dir.resolve("replay.out");
    Path err = dir.resolve("replay.err");
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-e", "-c", script)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().clear();
    builder.environment().putAll(env);
    Process bash = builder.start();
    if (!bash.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
      bash.descendants().forEach(ProcessHandle::destroyForcibly);
      bash.destroyForcibly();
      throw new AssertionError("the printed run did not end within " + BOUND);
    }
    assertEquals(0, bash.exitValue(), Files.readString(err));
    return Files.readString(out);
  }

  private ScriptedGeminiApi.Reply gemini(JsonNode request) {
    if (ScriptedGeminiApi.answersFunctionCall(request)) {
      return new ScriptedGeminiApi.Reply.Text(
          "ANSWER from src/Widget.java: " + ScriptedGeminiApi.lastFunctionResponse(request));
    }
    if (!ScriptedGeminiApi.offeredToolNames(request).contains("mcp_repo_read_text_file")) {
      return new ScriptedGeminiApi.Reply.Text("no MCP tool was offered");
    }
    var args = JsonNodeFactory.instance.objectNode().put("path", source.toString());
    return new ScriptedGeminiApi.Reply.ToolUse("mcp_repo_read_text_file", args);
  }

  private ScriptedMessagesApi.Reply claude(JsonNode request) {
    Optional<ScriptedMessagesApi.Reply> noCall =
        ScriptedMessagesApi.withoutToolCall(request, "ANSWER from src/Widget.java: ");
    if (noCall.isPresent()) {
      return noCall.get();
    }
    List<String> tools = ScriptedMessagesApi.offeredToolNames(request);
    if (!tools.contains("mcp__repo__read_text_file")) {
      return new ScriptedMessagesApi.Reply.Text("no MCP tool was offered");
    }
    var input = JsonNodeFactory.instance.objectNode().put("path", source.toString());
    return new ScriptedMessagesApi.Reply.ToolUse("mcp__repo__read_text_file", input);
  }
}
