package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.TestProcesses.running;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.agent.Binaries;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.run.Retries;
import org.reposearcheval.evals.run.Retrying;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.TestCase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The pinned Gemini CLI through the harness ({@link AgentSolver}, arms whose agent is {@code
 * gemini}) with a real {@code @modelcontextprotocol/server-filesystem}, against a scripted Gemini
 * API on 127.0.0.1. The model's script reads a file with the MCP server's tool when one is offered
 * and with the built-in {@code read_file} otherwise, and answers with what it read.
 */
class GeminiIT {
  private static final String PLANTED_KEY = "gemini-it-planted-secret-0123456789";
  private static final String MODEL = "gemini-2.5-flash";
  private static final AgentSpec GEMINI =
      new AgentSpec("gemini", Optional.of(RealParts.GEMINI.toString()), List.of(), Map.of());

  @TempDir Path dir;
  TestProcesses processes;

  @BeforeEach
  void seeProcesses() {
    processes = new TestProcesses(dir);
  }

  @AfterEach
  void killLeftovers() {
    processes.killAll();
  }

  @Test
  void withMcpArmCallsTheServerAndTheBaselineSeesNoServerNotEvenTheUsersOrTheRepositorys()
      throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = RealParts.widgetRepo(repo);
    Path root = repo.toRealPath();
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(mcpConfig, RealParts.mcpServers(List.of(RealParts.server("repo", root))));
    // Servers of the user's own settings and of the repository's, which a trusted workspace loads.
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.createDirectories(home.resolve(".gemini"));
    Files.writeString(
        home.resolve(".gemini/settings.json"),
        RealParts.mcpServers(List.of(RealParts.markingServer(dir, "user", root))));
    Files.createDirectories(repo.resolve(".gemini"));
    Files.writeString(
        repo.resolve(".gemini/settings.json"),
        RealParts.mcpServers(List.of(RealParts.markingServer(dir, "project", root))));

    List<Path> before = files(repo);
    try (ScriptedGeminiApi api = ScriptedGeminiApi.start(request -> reply(request, source))) {
      Map<String, String> env = environment(api);
      env.put("HOME", home.toString());
      env.remove("GEMINI_CLI_HOME");
      env.put("GEMINI_CLI_TRUST_WORKSPACE", "true");
      TestCase question =
          TestJobs.testCase("widget", "Which class builds widgets?", "WidgetFactory");
      // Over 128 KB, Linux's limit on one argument: only stdin can carry it.
      String longPrompt = "Which class builds widgets?\n" + "Context line.\n".repeat(12_000);
      RunResult mcp;
      RunResult baseline;
      try (AgentSolver solver = solver(repo, env, Duration.ofMinutes(2))) {
        mcp = solver.solve(new Job(0, question, Arm.withMcp(McpConfig.load(mcpConfig), GEMINI), 1));
        TestCase longQuestion = TestJobs.testCase("widget", longPrompt, "WidgetFactory");
        baseline = solver.solve(new Job(1, longQuestion, Arm.withoutMcp(GEMINI), 1));
      }

      assertTrue(api.failures().isEmpty(), api.failures().toString());
      assertEquals(List.of(), RealParts.started(dir), "planted servers were started");
      assertEquals(RunStatus.PASSED, mcp.status(), mcp.error());
      assertEquals(List.of(new RunResult.McpServer("repo", "connected")), mcp.mcpServers());
      assertEquals(Map.of("mcp__repo__read_text_file", 1), mcp.toolCalls().byName());
      assertEquals(0, mcp.mcpUse().turnsBeforeFirstCall());
      assertTrue(mcp.answer().contains("WidgetFactory"), mcp.answer());
      RealParts.assertMcpTurnShown(
          dir.resolve("out"), mcp, "repo", "read_text_file", "builds widgets");
      assertEquals(RunStatus.PASSED, baseline.status(), baseline.error());
      assertEquals(List.of(), baseline.mcpServers());
      assertEquals(Map.of("read_file", 1), baseline.toolCalls().byName());
      for (RunResult r : List.of(mcp, baseline)) {
        ReportSchemas.assertValid(r);
        assertEquals(2, r.numTurns());
        assertTrue(r.usage().inputTokens() > 0 && r.usage().cacheReadInputTokens() > 0);
        assertTrue(
            r.usage().outputTokens() >= 2 * ScriptedGeminiApi.THOUGHTS, r.usage().toString());
        assertNotNull(r.costUsd());
        assertTrue(r.costUsd() > 0 && r.measures().costEstimated());
      }
      List<String> mcpTools =
          api.requests().stream()
              .flatMap(r -> ScriptedGeminiApi.offeredToolNames(r).stream())
              .filter(name -> name.startsWith("mcp_"))
              .distinct()
              .toList();
      assertTrue(mcpTools.contains("mcp_repo_read_text_file"), mcpTools.toString());
      assertTrue(mcpTools.stream().allMatch(name -> name.startsWith("mcp_repo_")), "only repo's");
      for (String writer : List.of("write_file", "edit_file", "move_file", "create_directory")) {
        assertFalse(mcpTools.contains("mcp_repo_" + writer), writer + " was offered");
      }
      assertTrue(
          api.requests().stream()
              .flatMap(r -> ScriptedGeminiApi.offeredToolNames(r).stream())
              .noneMatch(List.of("run_shell_command", "write_file", "replace")::contains),
          "a tool that writes or runs commands was offered");
      assertTrue(
          api.requests().stream().anyMatch(r -> r.toString().contains(json(longPrompt))),
          "the long prompt did not reach the model whole");
      assertNoFileContains(dir.resolve("out"), PLANTED_KEY);
      assertEquals(before, files(repo), "the repository changed");
      assertEquals(List.of(), processes.alive(), "processes outlived the runs");
    }
  }

  @Test
  void rateLimitedRunIsRetriedByTheHarnessAndAFailedServerMakesTheRunInvalid() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve("README.md"), "hello\n");
    AtomicInteger calls = new AtomicInteger();
    ScriptedGeminiApi.Script script =
        request ->
            // The CLI's own two attempts are both refused: only the harness can save the run.
            calls.getAndIncrement() < 2
                ? new ScriptedGeminiApi.Reply.Error(429, "RESOURCE_EXHAUSTED", "Resource exhausted")
                : new ScriptedGeminiApi.Reply.Text("the answer is hello");
    try (ScriptedGeminiApi api = ScriptedGeminiApi.start(script)) {
      AdaptiveLimit limit = new AdaptiveLimit(4);
      AgentSolver agents =
          new AgentSolver(
              options(repo, Duration.ofMinutes(2)), dir.resolve("out"), environment(api));
      Solver solver =
          new Retrying(
              agents,
              new Retries(2, Duration.ofMillis(50), limit, MemoryFloor.NONE),
              dir.resolve("out"));
      TestCase question = TestJobs.testCase("hello", "What does README say?", "hello");

      RunResult retried = solver.solve(new Job(0, question, Arm.withoutMcp(GEMINI), 1));

      assertEquals(RunStatus.PASSED, retried.status(), retried.error());
      assertEquals(2, retried.attempts());
      assertEquals(2, limit.current(), "the 429 halved the runs allowed in flight");
      assertEquals(3, api.requests().size());

      Path broken = dir.resolve("broken-mcp.json");
      Files.writeString(
          broken, "{\"mcpServers\": {\"repo\": {\"command\": \"/nonexistent/mcp-server\"}}}");
      RunResult invalid =
          solver.solve(new Job(1, question, Arm.withMcp(McpConfig.load(broken), GEMINI), 1));

      assertEquals(RunStatus.INVALID, invalid.status(), invalid.error());
      assertEquals(List.of(new RunResult.McpServer("repo", "failed")), invalid.mcpServers());
      agents.close();
    }
  }

  @Test
  void timeoutKillsTheCliItsMcpServersAndTheirHelpersLeavingNoProcessOfTheRun() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve("README.md"), "hello\n");
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(
        mcpConfig,
        RealParts.mcpServers(
            List.of(
                RealParts.server("repo", repo.toRealPath()),
                RealParts.serverWithHelper(dir, "indexer", repo.toRealPath()))));
    Arm withMcp = Arm.withMcp(McpConfig.load(mcpConfig), GEMINI);
    Duration timeout = Duration.ofSeconds(20);
    try (ScriptedGeminiApi api =
            ScriptedGeminiApi.start(request -> new ScriptedGeminiApi.Reply.Hang());
        AgentSolver solver =
            new AgentSolver(options(repo, timeout), dir.resolve("out"), environment(api))) {
      TestCase question = TestJobs.testCase("hang", "What does README say?", "hello");
      CompletableFuture<RunResult> run =
          CompletableFuture.supplyAsync(
              () -> solver.solve(new Job(0, question, withMcp, 1)),
              task -> Thread.ofVirtual().start(task));

      processes.awaitInFlight(
          repo,
          now ->
              running(now, "gemini") >= 1
                  && running(now, RealParts.MCP_PROGRAM) == 2
                  && running(now, RealParts.HELPER_PROGRAM) == 1
                  && !api.requests().isEmpty(),
          timeout.minusSeconds(2));
      RunResult result = run.get(timeout.plusMinutes(1).toSeconds(), TimeUnit.SECONDS);

      assertEquals(RunStatus.TIMEOUT, result.status(), result.error());
      assertEquals(List.of(), processes.alive(), "alive after the timeout");
    }
  }

  private Map<String, String> environment(ScriptedGeminiApi api) {
    return processes.tag(api.environment(PLANTED_KEY));
  }

  private static AgentOptions options(Path repo, Duration timeout) {
    return new AgentOptions(
        Binaries.of("claude", RealParts.CLAUDE.toString()),
        repo,
        Optional.of(MODEL),
        Optional.empty(),
        timeout);
  }

  private AgentSolver solver(Path repo, Map<String, String> env, Duration timeout) {
    return new AgentSolver(options(repo, timeout), dir.resolve("out"), env);
  }

  private static ScriptedGeminiApi.Reply reply(JsonNode request, Path source) {
    if (ScriptedGeminiApi.answersFunctionCall(request)) {
      return new ScriptedGeminiApi.Reply.Text(
          "ANSWER from src/Widget.java: " + ScriptedGeminiApi.lastFunctionResponse(request));
    }
    var args = JsonNodeFactory.instance.objectNode();
    if (ScriptedGeminiApi.offeredToolNames(request).contains("mcp_repo_read_text_file")) {
      args.put("path", source.toString());
      return new ScriptedGeminiApi.Reply.ToolUse("mcp_repo_read_text_file", args);
    }
    args.put("file_path", source.toString());
    return new ScriptedGeminiApi.Reply.ToolUse("read_file", args);
  }

  /** {@code text} as it appears inside a JSON string. */
  private static String json(String text) {
    String quoted = JsonNodeFactory.instance.stringNode(text).toString();
    return quoted.substring(1, quoted.length() - 1);
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.sorted().toList();
    }
  }

  private static void assertNoFileContains(Path root, String secret) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(Files.readString(file).contains(secret), "secret found in " + file);
      }
    }
  }
}
