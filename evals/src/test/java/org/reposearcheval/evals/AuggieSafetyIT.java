package org.reposearcheval.evals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.TestProcesses.running;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.reposearcheval.evals.process.ProcessTree;
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
 * The Augment CLI kept safe, with real parts (the pinned {@code auggie}, a real {@code
 * @modelcontextprotocol/server-filesystem}, {@link ScriptedAugmentBackend}): it cannot change the
 * repository, a rate-limited run is retried, a server that fails voids the run, and a run that
 * hangs is killed with everything it started.
 */
class AuggieSafetyIT {
  private static final String PLANTED_TOKEN = AuggieIT.PLANTED_TOKEN;
  private static final AgentSpec AUGGIE = AuggieIT.AUGGIE;

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
      AgentSolver agents =
          new AgentSolver(
              options(repo, Duration.ofMinutes(2)),
              dir.resolve("out"),
              processes.tag(backend.environment(PLANTED_TOKEN)));
      Solver solver =
          new Retrying(
              agents,
              new Retries(2, Duration.ofMillis(50), limit, MemoryFloor.NONE),
              dir.resolve("out"));

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
    return AuggieIT.solver(processes, dir, repo, backend, timeout);
  }

  private static AgentOptions options(Path repo, Duration timeout) {
    return AuggieIT.options(repo, timeout);
  }
}
