package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.TestProcesses.running;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.run.Retries;
import org.reposearcheval.evals.run.Retrying;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.suite.TestCase;

/**
 * The pinned OpenCode CLI through the harness, with a real {@code
 * @modelcontextprotocol/server-filesystem}, against the scripted Messages API on 127.0.0.1
 * (OpenCode's Anthropic provider). The environment gives {@code ANTHROPIC_BASE_URL} as Claude Code
 * takes it, without {@code /v1}: the adapter makes it OpenCode's.
 */
class OpenCodeIT {
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
  void withMcpArmCallsTheConnectedServerAndTheBaselineSeesNoServer() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = RealParts.widgetRepo(repo);
    Path cases = Files.createDirectories(dir.resolve("cases"));
    TestJobs.writeCase(cases, "where-widget", "Which class builds widgets?", "WidgetFactory");
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(
        mcpConfig, RealParts.mcpServers(List.of(RealParts.server("repo", repo.toRealPath()))));

    try (ScriptedMessagesApi api =
        ScriptedMessagesApi.start(request -> OpenCodeParts.reply(request, source))) {
      Map<String, String> env = processes.tag(api.environment(OpenCodeParts.PLANTED_KEY, 0));
      Path out = dir.resolve("out");
      EvalSettings settings =
          new EvalSettings(
              new EvalSettings.Suite(cases, List.of(), Shard.ALL, mcpConfig, Optional.empty()),
              new EvalSettings.Agent(
                  repo, "claude", "opencode", Optional.of(RealParts.OPENCODE.toString())),
              new EvalSettings.Schedule(List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1, 2),
              new EvalSettings.PerRun(
                  Duration.ofMinutes(2), Optional.of(OpenCodeParts.MODEL), Optional.empty()),
              EvalSettings.Policy.DEFAULTS);

      Report report =
          Evaluation.run(settings, out, env, RunListener.NONE, new RunControl()).report();

      assertTrue(api.failures().isEmpty(), api.failures().toString());
      ReportSchemas.assertValid(out);
      assertEquals("1.18.33", report.config().agentVersions().get("opencode"));
      List<RunResult> results = report.rawResults();
      assertEquals(2, results.size());
      for (RunResult r : results) {
        assertEquals(RunStatus.PASSED, r.status(), r.arm() + ": " + r.error() + "; " + r.answer());
        assertEquals(1, r.attempts(), r.arm() + " needed no retry");
        assertTrue(r.answer().contains("builds widgets"), r.answer());
        assertEquals(2, r.numTurns());
        assertTrue(r.usage().inputTokens() > 0 && r.usage().outputTokens() > 0);
        assertTrue(r.costUsd() != null && r.costUsd() > 0, "OpenCode's own cost");
        assertFalse(r.measures().costEstimated());
      }
      RunResult mcp = results.getFirst();
      RealParts.assertMcpTurnShown(out, mcp, "repo", "read_text_file", "builds widgets");
      assertEquals(Arm.WITH_MCP, mcp.arm());
      assertEquals(List.of(new RunResult.McpServer("repo", "connected")), mcp.mcpServers());
      assertEquals(Map.of("mcp__repo__read_text_file", 1), mcp.toolCalls().byName());
      RunResult baseline = results.getLast();
      assertEquals(List.of(), baseline.mcpServers());
      assertEquals(Map.of("read", 1), baseline.toolCalls().byName());
      // The model was offered the reading tools and the server's reading tools, nothing else.
      Set<String> offered =
          api.requests().stream()
              .flatMap(r -> ScriptedMessagesApi.offeredToolNames(r).stream())
              .collect(Collectors.toSet());
      assertTrue(offered.contains("repo_read_text_file"), offered.toString());
      assertEquals(
          Set.of(),
          offered.stream()
              .filter(
                  t ->
                      !Set.of("read", "glob", "grep").contains(t)
                          && !(t.startsWith("repo_")
                              && !t.matches("repo_(write|edit|create|move).*")))
              .collect(Collectors.toSet()),
          "offered beyond the read-only set");
      assertTrue(
          api.requests().stream()
              .anyMatch(
                  r ->
                      ScriptedMessagesApi.offeredToolNames(r).contains("read")
                          && ScriptedMessagesApi.offeredToolNames(r).stream()
                              .noneMatch(t -> t.startsWith("repo_"))),
          "the baseline's requests offered no server tool");
      assertNoFileContains(out, OpenCodeParts.PLANTED_KEY);
      assertEquals(List.of(), processes.alive(), "processes outlived the evaluation");
    }
  }

  @Test
  void rateLimitedRunIsRetriedByTheHarnessAndAFailedServerMakesTheRunInvalid() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve("README.md"), "hello\n");
    AtomicInteger requests = new AtomicInteger();
    ScriptedMessagesApi.Script script =
        request -> {
          // OpenCode makes a call and five retries of its own, each after the API's retry-after
          // (0 s here, not OpenCode's own 2 s doubling): all six are refused, so OpenCode gives
          // up, and only the harness's retry can save the run.
          if (requests.incrementAndGet() <= 6) {
            return new ScriptedMessagesApi.Reply.Error(
                429, "rate_limit_error", "Rate limited", Map.of("retry-after", "0"));
          }
          return new ScriptedMessagesApi.Reply.Text("the answer is hello");
        };
    try (ScriptedMessagesApi api = ScriptedMessagesApi.start(script)) {
      AdaptiveLimit limit = new AdaptiveLimit(4);
      AgentSolver agents =
          new AgentSolver(
              OpenCodeParts.options(repo, Duration.ofMinutes(2)),
              dir.resolve("out"),
              processes.tag(api.environment(OpenCodeParts.PLANTED_KEY, 0)));
      Solver solver =
          new Retrying(
              agents,
              new Retries(2, Duration.ofMillis(50), limit, MemoryFloor.NONE),
              dir.resolve("out"));
      TestCase question = TestJobs.testCase("hello", "What does README say?", "hello");

      RunResult retried =
          solver.solve(new Job(0, question, Arm.withoutMcp(OpenCodeParts.OPENCODE), 1));

      assertEquals(RunStatus.PASSED, retried.status(), retried.error());
      assertEquals(2, retried.attempts());
      assertEquals(7, requests.get());
      assertEquals(2, limit.current(), "the 429 halved the runs allowed in flight");
      Path firstAttempt =
          dir.resolve("out").resolve(retried.transcript().replace(".jsonl", ".attempt1.jsonl"));
      assertTrue(Files.readString(firstAttempt).contains("\"statusCode\":429"));

      Path broken = dir.resolve("broken-mcp.json");
      Files.writeString(
          broken, "{\"mcpServers\": {\"repo\": {\"command\": \"/nonexistent/mcp-server\"}}}");
      RunResult invalid =
          solver.solve(
              new Job(1, question, Arm.withMcp(McpConfig.load(broken), OpenCodeParts.OPENCODE), 1));

      assertEquals(RunStatus.INVALID, invalid.status(), invalid.error());
      assertEquals(List.of(new RunResult.McpServer("repo", "failed")), invalid.mcpServers());
      agents.close();
    }
  }

  @Test
  void timeoutKillsOpenCodeAndItsServersLeavingNoProcessOfTheRun() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve("README.md"), "hello\n");
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(
        mcpConfig,
        RealParts.mcpServers(
            List.of(
                RealParts.server("repo", repo.toRealPath()),
                RealParts.serverWithHelper(dir, "indexer", repo.toRealPath()))));
    // Long enough for the CLI to start and connect its servers on a loaded machine (OpenCode took
    // 16 s to start its first server at a load of 30 on two cores); the scan must see all of them
    // before it strikes.
    Duration timeout = Duration.ofSeconds(60);
    try (ScriptedMessagesApi api =
            ScriptedMessagesApi.start(request -> new ScriptedMessagesApi.Reply.Hang());
        AgentSolver solver =
            new AgentSolver(
                OpenCodeParts.options(repo, timeout),
                dir.resolve("out"),
                processes.tag(api.environment(OpenCodeParts.PLANTED_KEY, 0)))) {
      TestCase question = TestJobs.testCase("hang", "What does README say?", "hello");
      CompletableFuture<RunResult> run =
          CompletableFuture.supplyAsync(
              () ->
                  solver.solve(
                      new Job(
                          0,
                          question,
                          Arm.withMcp(McpConfig.load(mcpConfig), OpenCodeParts.OPENCODE),
                          1)),
              task -> Thread.ofVirtual().start(task));

      processes.awaitInFlight(
          repo,
          now ->
              running(now, "opencode") + running(now, "opencode.exe") == 1
                  && running(now, RealParts.MCP_PROGRAM) == 2
                  && running(now, RealParts.HELPER_PROGRAM) == 1
                  && !api.requests().isEmpty(),
          timeout.minusSeconds(2));
      RunResult result = run.get(timeout.plusMinutes(1).toSeconds(), TimeUnit.SECONDS);

      assertEquals(RunStatus.TIMEOUT, result.status(), result.error());
      assertEquals(List.of(), processes.alive(), "alive after the timeout");
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
