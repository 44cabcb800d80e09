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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
class DryRunReplayIT extends RealCliTestBase {
  private static final String KEY = "dry-run-replay-secret-0123456789";
  private static final String KEY_NOT_PRINTED = "the key is the user's, not printed";
  private static final String CODEX_KEY_VARIABLE = "SCRIPTED_RESPONSES_KEY";
  private static final Duration BOUND = Duration.ofMinutes(3);

  RealParts.WidgetSuite suite;

  @BeforeEach
  void writeSuite() throws IOException {
    suite =
        RealParts.widgetSuite(dir, "repo")
            .withCase("widget", "Which class builds widgets? Name the file.");
  }

  private EvalSettings settings(String agent, Path command, Optional<String> model) {
    return settings(agent, command, model, List.of());
  }

  /** The with-MCP arm only, run by {@code agent} with {@code --agent-args}. */
  private EvalSettings settings(
      String agent, Path command, Optional<String> model, List<String> agentArgs) {
    return new EvalSettings(
        new EvalSettings.Suite(
            suite.cases(), List.of(), Shard.ALL, suite.mcpConfig(), Optional.empty()),
        new EvalSettings.Agent(
            suite.repo(),
            RealParts.CLAUDE.toString(),
            agent,
            Optional.of(command.toString()),
            Optional.empty(),
            true,
            agentArgs,
            Map.of()),
        new Schedule(List.of(Arm.WITH_MCP), 1, 1),
        new PerRun(Duration.ofMinutes(2), model, Optional.empty()),
        Policy.DEFAULTS);
  }

  @Test
  void geminisPrintedRunWritesItsSettingsAndReachesTheServerThroughThem() throws Exception {
    try (ScriptedGeminiApi api =
        ScriptedGeminiApi.start(r -> WidgetReader.GEMINI.reply(r, suite.source()))) {
      replayReachesTheServer(
          settings("gemini", RealParts.GEMINI, Optional.of("gemini-2.5-flash")),
          api,
          processes.tag(api.environment(KEY)),
          // The servers travel in settings.json: the script writes it, the server named there.
          List.of(
              "> \"$H\"/.gemini/settings.json",
              "\"mcpServers\"",
              RealParts.MCP_SERVER.toString(),
              "GEMINI_CLI_HOME=\"$H\""),
          Optional.of(KEY_NOT_PRINTED),
          List.of());
      assertOffered(api, ScriptedGeminiApi::offeredToolNames, "mcp_repo_read_text_file");
    }
  }

  @Test
  void claudeCodesPrintedRunReachesTheServerAsTheHarnessDoes() throws Exception {
    try (ScriptedMessagesApi api = ScriptedMessagesApi.start(this::claude)) {
      replayReachesTheServer(
          settings("claude", RealParts.CLAUDE, Optional.empty()),
          api,
          processes.tag(api.environment(KEY, 1)),
          List.of("CLAUDE_CONFIG_DIR=\"$H\"", "--mcp-config " + suite.mcpConfig()),
          Optional.empty(),
          List.of("\"name\":\"mcp__repo__read_text_file\""));
    }
  }

  @Test
  void codexsPrintedRunCarriesItsServersAndProviderAndReachesTheServer() throws Exception {
    try (ScriptedResponsesApi api =
        ScriptedResponsesApi.start(r -> WidgetReader.CODEX.reply(r, suite.source()))) {
      // The provider's key is the user's, exported; the provider itself is --agent-args.
      Map<String, String> env = new java.util.HashMap<>(System.getenv());
      env.put(CODEX_KEY_VARIABLE, KEY);
      List<String> provider = api.codexArgs(CODEX_KEY_VARIABLE, 0);
      replayReachesTheServer(
          settings("codex", RealParts.CODEX, Optional.of("mock-model"), provider),
          api,
          processes.tag(env),
          List.of("mcp_servers", RealParts.MCP_SERVER.toString(), "model_provider=mock"),
          Optional.of(KEY_NOT_PRINTED),
          List.of("\"mcp_tool_call\""));
      assertOffered(api, ScriptedResponsesApi::offeredToolNames, "mcp__repo__read_text_file");
    }
  }

  @Test
  void openCodesPrintedRunCarriesItsConfigContentAndReachesTheServer() throws Exception {
    try (ScriptedMessagesApi api =
        ScriptedMessagesApi.start(request -> OpenCodeParts.reply(request, suite.source()))) {
      replayReachesTheServer(
          settings("opencode", RealParts.OPENCODE, Optional.of(OpenCodeParts.MODEL)),
          api,
          processes.tag(api.environment(KEY, 0)),
          List.of("OPENCODE_CONFIG_CONTENT", RealParts.MCP_SERVER.toString()),
          Optional.of(KEY_NOT_PRINTED),
          List.of("repo_read_text_file"));
    }
  }

  @Test
  void augmentsPrintedRunCarriesItsServersAndReachesTheServer() throws Exception {
    try (ScriptedAugmentBackend backend =
        ScriptedAugmentBackend.start(r -> WidgetReader.AUGGIE.reply(r, suite.source()))) {
      replayReachesTheServer(
          settings("auggie", RealParts.AUGGIE, Optional.empty()),
          backend,
          processes.tag(backend.environment(KEY)),
          List.of(RealParts.MCP_SERVER.toString()),
          Optional.of("the session is the user's, not printed"),
          List.of());
      assertOffered(backend, ScriptedAugmentBackend::offeredTools, "read_text_file_repo");
    }
  }

  /**
   * The one script {@code --dry-run} prints for {@code settings} in {@code env} (the environment
   * that leads the agent to the stand-in {@code api}) holds each of {@code inScript} and, if {@code
   * keyHidden} gives the message, not the key; replayed, it reads the widget through the server
   * ({@link #replayReadsTheWidget}) and prints each of {@code inStdout}.
   */
  private void replayReachesTheServer(
      EvalSettings settings,
      ScriptedHttpServer api,
      Map<String, String> env,
      List<String> inScript,
      Optional<String> keyHidden,
      List<String> inStdout)
      throws Exception {
    String script = single(Evaluation.commandLines(settings, dir.resolve("out"), env));
    for (String printed : inScript) {
      assertTrue(script.contains(printed), script);
    }
    keyHidden.ifPresent(message -> assertFalse(script.contains(KEY), message));
    String stdout = replayReadsTheWidget(script, env, api);
    for (String printed : inStdout) {
      assertTrue(stdout.contains(printed), stdout);
    }
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
      String script, Map<String, String> env, ScriptedHttpServer api) throws Exception {
    String stdout = replay(script, env);
    assertTrue(stdout.contains("ANSWER from src/Widget.java"), stdout);
    assertTrue(stdout.contains("WidgetFactory"), stdout);
    assertTrue(api.failures().isEmpty(), api.failures().toString());
    return stdout;
  }

  /** Some request to {@code api} offered {@code tool}; {@code offered} reads a request's tools. */
  private static void assertOffered(
      ScriptedHttpServer api, Function<JsonNode, List<String>> offered, String tool) {
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

  private Reply claude(JsonNode request) {
    Optional<Reply> noCall = ScriptedMessagesApi.withoutToolCall(request, WidgetReader.ANSWER);
    if (noCall.isPresent()) {
      return noCall.get();
    }
    List<String> tools = ScriptedMessagesApi.offeredToolNames(request);
    if (!tools.contains("mcp__repo__read_text_file")) {
      return new Reply.Text("no MCP tool was offered");
    }
    var input = JsonNodeFactory.instance.objectNode().put("path", suite.source().toString());
    return new Reply.ToolUse("mcp__repo__read_text_file", input);
  }
}
