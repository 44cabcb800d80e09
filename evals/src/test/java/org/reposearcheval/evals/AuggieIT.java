package org.reposearcheval.evals;

import static org.awaitility.Awaitility.await;
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
import org.reposearcheval.evals.agent.ProcessTree;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.suite.TestCase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The Augment CLI with real parts: the pinned {@code auggie} and a real {@code
 * @modelcontextprotocol/server-filesystem}, against {@link ScriptedAugmentBackend} on 127.0.0.1,
 * the CLI's only service. The script reads the widget source with the MCP server's tool when one
 * is offered and with the built-in {@code view} otherwise, and answers with what it read.
 */
class AuggieIT {
  private static final String PLANTED_TOKEN = "aug-test-token-planted-7c61e5bb";
  private static final AgentSpec AUGGIE =
      AgentSpec.of("auggie", Optional.of(RealParts.AUGGIE.toString()));

  @TempDir Path dir;
  private TestProcesses processes;

  @BeforeEach
  void seeProcesses() {
    processes = new TestProcesses(dir);
  }

  @AfterEach
  void killLeftovers() {
    processes.killAll();
  }

  @Test
  void withMcpArmCallsTheConnectedServerAndTheBaselineSeesNoServerAtAll() throws Exception {
    // A space in the path: the CLI runs a server's command line through sh.
    Path repo = Files.createDirectories(dir.resolve("widget repo"));
    Path source = RealParts.widgetRepo(repo);
    Path cases = Files.createDirectories(dir.resolve("cases"));
    TestJobs.writeCase(cases, "where-widget", "Which class builds widgets?", "WidgetFactory");
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(
        mcpConfig, RealParts.mcpServers(List.of(RealParts.server("repo", repo.toRealPath()))));

    try (ScriptedAugmentBackend backend =
        ScriptedAugmentBackend.start(call -> readWidget(call, source))) {
      Map<String, String> env = processes.tag(backend.environment(PLANTED_TOKEN));
      Path out = dir.resolve("out");
      EvalSettings settings =
          new EvalSettings(
              new EvalSettings.Suite(cases, List.of(), Shard.ALL, mcpConfig, Optional.empty()),
              new EvalSettings.Agent(
                  repo, "claude", "auggie", Optional.of(RealParts.AUGGIE.toString())),
              new EvalSettings.Schedule(List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1, 2),
              new EvalSettings.PerRun(Duration.ofMinutes(2)),
              EvalSettings.Policy.DEFAULTS);

      Evaluation.Outcome outcome =
          Evaluation.run(settings, out, env, RunListener.NONE, new RunControl());

      assertEquals(List.of(), backend.failures());
      Report report = outcome.report();
      assertEquals("0.36.0", report.config().agentVersions().get("auggie"));
      Map<String, RunResult> byArm = new java.util.HashMap<>();
      report.rawResults().forEach(r -> byArm.put(r.arm(), r));
      RunResult mcp = byArm.get(Arm.WITH_MCP);
      RunResult baseline = byArm.get(Arm.WITHOUT_MCP);
      assertEquals(RunStatus.PASSED, mcp.status(), mcp.error());
      assertEquals(List.of(new RunResult.McpServer("repo", "connected")), mcp.mcpServers());
      assertEquals(Map.of("mcp__repo__read_text_file", 1), mcp.toolCalls().byName());
      assertTrue(mcp.answer().contains("final class WidgetFactory"), mcp.answer());
      assertEquals(0, mcp.mcpUse().turnsBeforeFirstCall());
      assertEquals(RunStatus.PASSED, baseline.status(), baseline.error());
      assertEquals(List.of(), baseline.mcpServers());
      assertEquals(Map.of("view", 1), baseline.toolCalls().byName());
      for (RunResult r : List.of(mcp, baseline)) {
        assertEquals(2, r.numTurns());
        assertEquals(2 * ScriptedAugmentBackend.COST_PER_CALL, r.costUsd(), 1e-9);
        assertFalse(r.measures().costEstimated(), "the backend's own charge");
        assertTrue(r.usage().inputTokens() > 0);
        assertTrue(Files.isRegularFile(out.resolve(r.transcript())));
      }
      List<JsonNode> calls = backend.calls();
      assertEquals(4, calls.size());
      assertTrue(calls.stream().anyMatch(c -> offersServer(c, "repo")));
      assertTrue(
          calls.stream()
              .filter(c -> !offersServer(c, "repo"))
              .anyMatch(c -> ScriptedAugmentBackend.offeredTools(c).contains("view")),
          "the baseline was offered the built-in tools and no MCP tool");
      for (JsonNode call : calls) {
        List<String> offered = ScriptedAugmentBackend.offeredTools(call);
        for (String write :
            List.of("launch-process", "save-file", "str-replace-editor", "write_file_repo")) {
          assertFalse(offered.contains(write), write + " offered");
        }
      }
      assertEquals(
          List.of("Which class builds widgets?", "Which class builds widgets?"),
          calls.stream()
              .map(ScriptedAugmentBackend::prompt)
              .filter(p -> !p.isEmpty())
              .map(String::strip)
              .toList(),
          "the prompt, as each run's first model call carried it");
      assertNoFileContains(out, PLANTED_TOKEN);
      assertEquals(List.of(), processes.alive(), "processes outlived the evaluation");
    }
  }

  @Test
  void aWriteAttemptCannotChangeTheRepositoryThoughWithoutTheHarnessTheSameCallsDo()
      throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    RealParts.widgetRepo(repo);
    Path control = Files.createDirectories(dir.resolve("control"));
    RealParts.widgetRepo(control);
    Path mcpConfig = dir.resolve("mcp.json");
    // The indexer's helper outlives it and the CLI, which exits by itself: only the run's marker,
    // which the CLI does not pass on to servers unless told, lets the harness find it.
    Files.writeString(
        mcpConfig,
        RealParts.mcpServers(
            List.of(
                RealParts.server("repo", repo.toRealPath()),
                RealParts.serverWithHelper(dir, "indexer", repo.toRealPath()))));
    var writes = JsonNodeFactory.instance.arrayNode();
    writes
        .addObject()
        .put("tool", "save-file")
        .putObject("input")
        .put("path", "src/Pwned.java")
        .put("file_content", "pwned");
    writes
        .addObject()
        .put("tool", "launch-process")
        .putObject("input")
        .put("command", "touch pwned-by-shell")
        .put("wait", true)
        .put("max_wait_seconds", 10);
    writes
        .addObject()
        .put("tool", "str-replace-editor")
        .putObject("input")
        .put("command", "str_replace")
        .put("path", "src/Widget.java")
        .put("old_str", "builds widgets")
        .put("new_str", "builds nothing")
        .put("old_str_start_line_number", 1)
        .put("old_str_end_line_number", 1);
    writes
        .addObject()
        .put("tool", "remove-files")
        .putObject("input")
        .putArray("file_paths")
        .add("src/Widget.java");
    writes
        .addObject()
        .put("tool", "write_file_repo")
        .putObject("input")
        .put("path", repo.toRealPath().resolve("src/Pwned2.java").toString())
        .put("content", "x");
    ScriptedAugmentBackend.Script script =
        call -> {
          int step = call.path("chat_history").size();
          if (step < writes.size()) {
            JsonNode write = writes.get(step);
            return new ScriptedAugmentBackend.Reply.ToolUse(
                write.path("tool").asString(), write.path("input"));
          }
          return new ScriptedAugmentBackend.Reply.Text("ANSWER after the writes");
        };
    Map<String, String> before = snapshot(repo);

    try (ScriptedAugmentBackend backend = ScriptedAugmentBackend.start(script);
        AgentSolver solver = solver(repo, backend, Duration.ofMinutes(2))) {
      RunResult run =
          solver.solve(
              new Job(
                  0,
                  TestJobs.testCase("write", "Change the widget.", "ANSWER"),
                  Arm.withMcp(McpConfig.load(mcpConfig), AUGGIE),
                  1));
      List<String> results =
          backend.calls().stream()
              .flatMap(c -> ScriptedAugmentBackend.toolResults(c).stream())
              .toList();

      assertEquals(RunStatus.PASSED, run.status(), run.error());
      assertEquals(before, snapshot(repo), "the repository changed");
      assertEquals(writes.size(), results.size(), results.toString());
      for (int i = 0; i < writes.size(); i++) {
        String tool = writes.get(i).path("tool").asString();
        assertEquals("Tool " + tool + " not found.", results.get(i).strip());
      }

      // The same calls, from the CLI run without the harness, change the control repository.
      Process plain = plainAuggie(control, backend);
      assertTrue(plain.waitFor(2, TimeUnit.MINUTES), "the plain run did not end");
      assertTrue(Files.isRegularFile(control.resolve("src/Pwned.java")), "save-file wrote");
      assertTrue(Files.isRegularFile(control.resolve("pwned-by-shell")), "the shell ran");
    }
    assertEquals(List.of(), processes.alive(), "processes outlived the runs");
  }

  @Test
  void serversOfTheUserAndOfTheRepositoryStayOutOfBothArms() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = RealParts.widgetRepo(repo);
    Path root = repo.toRealPath();
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(mcpConfig, RealParts.mcpServers(List.of(RealParts.server("repo", root))));
    // The repository's own servers, and the user's, where the CLI's settings put them.
    Path project = Files.createDirectories(repo.resolve(".augment"));
    Files.writeString(
        project.resolve("settings.json"),
        RealParts.mcpServers(List.of(RealParts.markingServer(dir, "project", root))));
    Files.writeString(
        project.resolve("settings.local.json"),
        RealParts.mcpServers(List.of(RealParts.markingServer(dir, "project-local", root))));
    Path user = Files.createDirectories(dir.resolve("user").resolve(".augment"));
    Files.writeString(
        user.resolve("settings.json"),
        RealParts.mcpServers(List.of(RealParts.markingServer(dir, "user-scope", root))));
    TestCase question = TestJobs.testCase("widget", "Which class builds widgets?", "WidgetFactory");

    try (ScriptedAugmentBackend backend =
        ScriptedAugmentBackend.start(call -> readWidget(call, source))) {
      Map<String, String> env = processes.tag(backend.environment(PLANTED_TOKEN));
      env.put("HOME", user.getParent().toString());
      RunResult mcp;
      RunResult baseline;
      try (AgentSolver solver =
          new AgentSolver(options(repo, Duration.ofMinutes(2)), dir.resolve("out"), env)) {
        mcp = solver.solve(new Job(0, question, Arm.withMcp(McpConfig.load(mcpConfig), AUGGIE), 1));
        baseline = solver.solve(new Job(1, question, Arm.withoutMcp(AUGGIE), 1));
      }

      assertEquals(List.of(), RealParts.started(dir), "planted servers were started");
      assertEquals(RunStatus.PASSED, mcp.status(), mcp.error());
      assertEquals(List.of(new RunResult.McpServer("repo", "connected")), mcp.mcpServers());
      assertEquals(RunStatus.PASSED, baseline.status(), baseline.error());
      assertEquals(List.of(), baseline.mcpServers());
      assertEquals(
          List.of(),
          backend.calls().stream()
              .flatMap(c -> ScriptedAugmentBackend.offeredTools(c).stream())
              .filter(
                  t -> t.endsWith("_project") || t.contains("_project-") || t.endsWith("-scope"))
              .toList(),
          "the model was offered the tools of no planted server");
    }
  }

  @Test
  void aServerOfTheAccountMakesTheBaselineAndTheWithMcpRunInvalid() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = RealParts.widgetRepo(repo);
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(
        mcpConfig, RealParts.mcpServers(List.of(RealParts.server("repo", repo.toRealPath()))));
    TestCase question = TestJobs.testCase("widget", "Which class builds widgets?", "WidgetFactory");

    try (ScriptedAugmentBackend backend =
            ScriptedAugmentBackend.start(call -> readWidget(call, source))
                .withRegistryServer(
                    "regfs",
                    RealParts.MCP_SERVER.toString(),
                    List.of(repo.toRealPath().toString()));
        AgentSolver solver = solver(repo, backend, Duration.ofMinutes(2))) {
      RunResult baseline = solver.solve(new Job(0, question, Arm.withoutMcp(AUGGIE), 1));
      RunResult mcp =
          solver.solve(new Job(1, question, Arm.withMcp(McpConfig.load(mcpConfig), AUGGIE), 1));

      assertEquals(RunStatus.INVALID, baseline.status(), baseline.error());
      assertEquals(
          "baseline run saw MCP servers: regfs=connected (they must not leak in)",
          baseline.error());
      assertEquals(RunStatus.INVALID, mcp.status(), mcp.error());
      assertEquals(
          "MCP servers the arm was not given: regfs=connected (they must not leak in)",
          mcp.error());
      assertTrue(mcp.mcpServers().contains(new RunResult.McpServer("repo", "connected")));
    }
  }

  @Test
  void aSignedInUsersSessionFileServesEveryRunThroughALinkAndStaysTheUsers() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = RealParts.widgetRepo(repo);
    Path user = Files.createDirectories(dir.resolve("user"));
    try (ScriptedAugmentBackend backend =
        ScriptedAugmentBackend.start(call -> readWidget(call, source))) {
      Path session =
          Files.writeString(
              Files.createDirectories(user.resolve(".augment")).resolve("session.json"),
              backend.session(PLANTED_TOKEN));
      String before = Files.readString(session);
      Map<String, String> env = processes.tag(backend.environment(PLANTED_TOKEN));
      env.remove("AUGMENT_SESSION_AUTH");
      env.put("HOME", user.toString());
      RunResult run;
      try (AgentSolver solver =
          new AgentSolver(options(repo, Duration.ofMinutes(2)), dir.resolve("out"), env)) {
        run =
            solver.solve(
                new Job(
                    0,
                    TestJobs.testCase("widget", "Which class builds widgets?", "WidgetFactory"),
                    Arm.withoutMcp(AUGGIE),
                    1));
      }

      assertEquals(RunStatus.PASSED, run.status(), run.error());
      assertEquals(2, backend.calls().size(), "the CLI reached the backend with the user's login");
      assertEquals(before, Files.readString(session));
      try (Stream<Path> files = Files.list(user.resolve(".augment"))) {
        assertEquals(
            List.of("session.json"),
            files.map(p -> p.getFileName().toString()).toList(),
            "the run wrote nothing into the user's own directory");
      }
    }
  }

  @Test
  void rateLimitedRunIsRetriedByTheHarnessAndAFailedServerMakesTheRunInvalid() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve("README.md"), "hello\n");
    AtomicInteger modelCalls = new AtomicInteger();
    ScriptedAugmentBackend.Script script =
        call ->
            // The first model call is refused; the CLI gives up at once (--retry-timeout 0), so
            // only the harness's own retry can save the run.
            modelCalls.getAndIncrement() == 0
                ? new ScriptedAugmentBackend.Reply.Error(429)
                : new ScriptedAugmentBackend.Reply.Text("the answer is hello");
    try (ScriptedAugmentBackend backend = ScriptedAugmentBackend.start(script)) {
      AdaptiveLimit limit = new AdaptiveLimit(4);
      AgentSolver solver =
          new AgentSolver(
              options(repo, Duration.ofMinutes(2)),
              dir.resolve("out"),
              processes.tag(backend.environment(PLANTED_TOKEN)),
              new AgentSolver.Retries(2, Duration.ofMillis(50), limit, MemoryFloor.NONE));

      RunResult retried =
          solver.solve(
              new Job(
                  0,
                  TestJobs.testCase("hello", "What does README say?", "hello"),
                  Arm.withoutMcp(AUGGIE),
                  1));

      assertEquals(RunStatus.PASSED, retried.status(), retried.error());
      assertEquals(2, retried.attempts());
      assertEquals(2, limit.current(), "the 429 halved the runs allowed in flight");

      Path broken = dir.resolve("broken-mcp.json");
      Files.writeString(
          broken, "{\"mcpServers\": {\"repo\": {\"command\": \"/nonexistent/mcp-server\"}}}");
      RunResult invalid =
          solver.solve(
              new Job(
                  1,
                  TestJobs.testCase("broken", "What does README say?", "hello"),
                  Arm.withMcp(McpConfig.load(broken), AUGGIE),
                  1));

      assertEquals(RunStatus.INVALID, invalid.status(), invalid.error());
      assertEquals(List.of(new RunResult.McpServer("repo", "failed")), invalid.mcpServers());
      solver.close();
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
    Arm withMcp = Arm.withMcp(McpConfig.load(mcpConfig), AUGGIE);
    Duration timeout = Duration.ofSeconds(20);
    try (ScriptedAugmentBackend backend =
            ScriptedAugmentBackend.start(call -> new ScriptedAugmentBackend.Reply.Hang());
        AgentSolver solver = solver(repo, backend, timeout)) {
      TestCase question = TestJobs.testCase("hang", "What does README say?", "hello");
      CompletableFuture<RunResult> run =
          CompletableFuture.supplyAsync(
              () -> solver.solve(new Job(0, question, withMcp, 1)),
              task -> Thread.ofVirtual().start(task));

      // The CLI gives its servers a minimal environment: they carry the run's marker, which the
      // adapter passes on, but not the test's tag; they are found by working in the repository.
      await()
          .atMost(timeout.minusSeconds(2))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                List<LiveProcess> now = processes.alive();
                return running(now, "auggie") == 1
                    && running(now, RealParts.MCP_PROGRAM) == 2
                    && running(now, RealParts.HELPER_PROGRAM) == 1
                    && now.stream()
                        .filter(p -> p.runs(RealParts.MCP_PROGRAM))
                        .allMatch(p -> p.setsEnv(ProcessTree.RUN_MARKER))
                    && !backend.calls().isEmpty();
              });
      RunResult result = run.get(timeout.plusMinutes(1).toSeconds(), TimeUnit.SECONDS);

      assertEquals(RunStatus.TIMEOUT, result.status(), result.error());
      assertEquals(List.of(), processes.alive(), "alive after the timeout");
    }
  }

  /** The CLI as a user would run it, without the harness: every tool it has, no private home. */
  private Process plainAuggie(Path repo, ScriptedAugmentBackend backend) throws IOException {
    Path home = Files.createDirectories(dir.resolve("plain-home"));
    Path prompt = Files.writeString(home.resolve("prompt.md"), "Change the widget.");
    ProcessBuilder builder =
        new ProcessBuilder(
                RealParts.AUGGIE.toString(),
                "--print",
                "--output-format",
                "json",
                "--instruction-file",
                prompt.toString(),
                "--augment-cache-dir",
                home.resolve(".augment").toString(),
                "--mcp-config",
                McpConfig.NO_SERVERS)
            .directory(repo.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(home.resolve("out.txt").toFile())
            .redirectError(home.resolve("err.txt").toFile());
    builder.environment().putAll(processes.tag(backend.environment(PLANTED_TOKEN)));
    builder.environment().put("HOME", home.toString());
    builder.environment().put("TMPDIR", home.toString());
    return builder.start();
  }

  /** Every file under {@code root}, relative, with its content. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new java.util.TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString(), Files.readString(file));
      }
    }
    return files;
  }

  private AgentSolver solver(Path repo, ScriptedAugmentBackend backend, Duration timeout) {
    return new AgentSolver(
        options(repo, timeout),
        dir.resolve("out"),
        processes.tag(backend.environment(PLANTED_TOKEN)));
  }

  private static AgentOptions options(Path repo, Duration timeout) {
    return new AgentOptions("claude", repo, Optional.empty(), Optional.empty(), timeout);
  }

  private static boolean offersServer(JsonNode call, String server) {
    return ScriptedAugmentBackend.offeredTools(call).stream()
        .anyMatch(t -> t.endsWith("_" + server));
  }

  private static ScriptedAugmentBackend.Reply readWidget(JsonNode call, Path source) {
    List<String> results = ScriptedAugmentBackend.toolResults(call);
    if (!results.isEmpty()) {
      return new ScriptedAugmentBackend.Reply.Text("ANSWER: " + results.getLast());
    }
    var input = JsonNodeFactory.instance.objectNode();
    if (ScriptedAugmentBackend.offeredTools(call).contains("read_text_file_repo")) {
      input.put("path", source.toString());
      return new ScriptedAugmentBackend.Reply.ToolUse("read_text_file_repo", input);
    }
    input.put("path", source.toString()).put("type", "file");
    return new ScriptedAugmentBackend.Reply.ToolUse("view", input);
  }

  static void assertNoFileContains(Path root, String secret) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(Files.readString(file).contains(secret), "secret found in " + file);
      }
    }
  }
}
