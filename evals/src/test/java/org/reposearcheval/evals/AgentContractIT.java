package org.reposearcheval.evals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reposearcheval.evals.ContractAgent.Api;
import org.reposearcheval.evals.ContractAgent.Turn;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.process.ProcessTree;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.TestCase;

/**
 * One contract for every adapter: each pinned CLI ({@link ContractAgent#all}) through the same
 * scenarios, with the real {@code @modelcontextprotocol/server-filesystem} and its scripted API on
 * 127.0.0.1, driven by the harness's {@link AgentSolver}. The model's script is the same for all:
 * it reads {@code src/Widget.java} with the server's tool when offered, with the agent's own
 * otherwise, and answers with what it read. Processes are seen in {@code /proc} ({@link
 * TestProcesses}), never through the harness's own bookkeeping. What only one agent does is in its
 * own test ({@code ClaudeCodeIT}, {@code CodexIT}, …).
 */
class AgentContractIT {
  private static final String KEY = "contract-it-planted-secret-0123456789";
  private static final TestCase WIDGET =
      TestJobs.testCase("widget", "Which class builds widgets?", "WidgetFactory");

  @TempDir Path dir;
  private TestProcesses processes;
  private Path repo;
  private Path source;
  private Path home;

  static List<ContractAgent> agents() {
    return ContractAgent.all();
  }

  @BeforeEach
  void setUp() throws IOException {
    processes = new TestProcesses(dir);
    repo = Files.createDirectories(dir.resolve("repo")).toRealPath();
    source = RealParts.widgetRepo(repo);
    home = Files.createDirectories(dir.resolve("home"));
  }

  @AfterEach
  void killLeftovers() {
    processes.killAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void mcpRoundTripShowsTheCallWithItsResult(ContractAgent agent) throws Exception {
    try (Api api = agent.start(seen -> readWidget(agent, seen), KEY);
        AgentSolver solver = solver(agent, environment(api), Duration.ofMinutes(2))) {
      RunResult r = solver.solve(new Job(0, WIDGET, withMcp(agent, api, serverOnRepo()), 1));

      assertEquals(List.of(), api.failures().get());
      assertEquals(RunStatus.PASSED, r.status(), r.error() + "; " + r.answer());
      assertEquals(List.of(new RunResult.McpServer("repo", "connected")), r.mcpServers());
      assertEquals(Map.of(ContractAgent.MCP_READ, 1), r.toolCalls().byName());
      assertEquals(2, r.numTurns());
      assertEquals(0, r.mcpUse().turnsBeforeFirstCall());
      assertTrue(r.answer().contains("builds widgets"), r.answer());
      assertTrue(r.usage().inputTokens() > 0, r.usage().toString());
      ReportSchemas.assertValid(r);
      RealParts.assertMcpTurnShown(out(), r, "repo", "read_text_file", "builds widgets");
      RealParts.assertNoFileContains(out(), KEY);
      assertEquals(List.of(), processes.alive(), "processes outlived the run");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void baselineSeesNoServerAndReadsWithItsOwnTool(ContractAgent agent) throws Exception {
    try (Api api = agent.start(seen -> readWidget(agent, seen), KEY);
        AgentSolver solver = solver(agent, environment(api), Duration.ofMinutes(2))) {
      RunResult r =
          solver.solve(new Job(0, WIDGET, agent.arm(api, Arm.WITHOUT_MCP, Optional.empty()), 1));

      assertEquals(RunStatus.PASSED, r.status(), r.error() + "; " + r.answer());
      assertEquals(List.of(), r.mcpServers());
      assertEquals(Map.of(agent.recordedBuiltInRead(), 1), r.toolCalls().byName());
      assertEquals(0, r.toolCalls().mcp());
      assertTrue(r.answer().contains("WidgetFactory"), r.answer());
      List<List<String>> offered = api.offered().get();
      assertTrue(offered.stream().anyMatch(tools -> !tools.isEmpty()), "no tool offered");
      assertTrue(
          offered.stream().flatMap(List::stream).noneMatch(t -> t.contains("read_text_file")),
          "the baseline was offered a server's tool: " + offered);
      RealParts.assertNoFileContains(out(), KEY);
      assertEquals(List.of(), processes.alive(), "processes outlived the run");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void rateLimitIsRetriedByTheHarnessAndAServerThatCannotStartVoidsTheRun(ContractAgent agent)
      throws Exception {
    // A user whose ~/.bashrc takes a while: a CLI that sources it for a shell snapshot and exits
    // on the 429 would leave that shell running.
    Files.writeString(home.resolve(".bashrc"), "sleep 5\n");
    int refusals = agent.refusalsUntilTheCliGivesUp();
    AtomicInteger turns = new AtomicInteger();
    ContractAgent.Model model =
        seen ->
            turns.getAndIncrement() < refusals
                ? new Turn.RateLimited()
                : new Turn.Answer("the answer is hello");
    AdaptiveLimit limit = new AdaptiveLimit(4);
    try (Api api = agent.start(model, KEY);
        AgentSolver solver =
            new AgentSolver(
                agent.options(repo, Duration.ofMinutes(2)),
                out(),
                environment(api),
                new AgentSolver.Retries(2, Duration.ofMillis(50), limit, MemoryFloor.NONE))) {
      TestCase hello = TestJobs.testCase("hello", "What does README say?", "hello");
      RunResult retried =
          solver.solve(new Job(0, hello, agent.arm(api, Arm.WITHOUT_MCP, Optional.empty()), 1));

      assertEquals(RunStatus.PASSED, retried.status(), retried.error());
      assertEquals(2, retried.attempts(), "the CLI gave up and the harness tried again");
      assertEquals(refusals + 1, turns.get(), "every refusal reached the CLI");
      assertEquals(2, limit.current(), "the 429 halved the runs allowed in flight");

      Path broken = dir.resolve("broken-mcp.json");
      Files.writeString(
          broken, "{\"mcpServers\": {\"repo\": {\"command\": \"/nonexistent/mcp-server\"}}}");
      RunResult invalid = solver.solve(new Job(1, hello, withMcp(agent, api, broken), 1));

      assertEquals(RunStatus.INVALID, invalid.status(), invalid.error());
      assertEquals(List.of(new RunResult.McpServer("repo", "failed")), invalid.mcpServers());
    }
    assertEquals(List.of(), processes.alive(), "processes outlived the runs");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void aHangIsKilledWithTheCliItsServersAndTheirHelpers(ContractAgent agent) throws Exception {
    Path mcp = dir.resolve("mcp.json");
    Files.writeString(
        mcp,
        RealParts.mcpServers(
            List.of(
                RealParts.server("repo", repo), RealParts.serverWithHelper(dir, "indexer", repo))));
    Duration timeout = agent.startupAllowance();
    try (Api api = agent.start(seen -> new Turn.Hang(), KEY);
        AgentSolver solver = solver(agent, environment(api), timeout)) {
      Job job =
          new Job(0, TestJobs.testCase("hang", "Say hello.", "hello"), withMcp(agent, api, mcp), 1);
      CompletableFuture<RunResult> run =
          CompletableFuture.supplyAsync(
              () -> solver.solve(job), task -> Thread.ofVirtual().start(task));

      // Every process of the run counted carries the harness's run marker; some CLIs give their
      // servers a minimal environment without the test's tag, found by naming the test's directory.
      await()
          .atMost(timeout.minusSeconds(2))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                List<LiveProcess> now =
                    processes.alive().stream()
                        .filter(p -> p.setsEnv(ProcessTree.RUN_MARKER))
                        .toList();
                return now.stream().filter(agent::runs).count() >= 1
                    && TestProcesses.running(now, RealParts.MCP_PROGRAM) == 2
                    && TestProcesses.running(now, RealParts.HELPER_PROGRAM) == 1
                    && !api.offered().get().isEmpty();
              });
      RunResult result = run.get(timeout.plusMinutes(1).toSeconds(), TimeUnit.SECONDS);

      assertEquals(RunStatus.TIMEOUT, result.status(), result.error());
      assertEquals(List.of(), processes.alive(), "alive after the timeout");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void everyWriteIsRefusedAndTheRepositoryStaysAsItWas(ContractAgent agent) throws Exception {
    List<Turn.Call> writes = agent.writes(repo, source);
    Map<String, String> before = RealParts.snapshot(repo);
    List<Optional<String>> results = new ArrayList<>();
    ContractAgent.Model model =
        seen -> {
          synchronized (results) {
            results.add(seen.toolResult());
            int step = results.size() - 1;
            return step < writes.size()
                ? writes.get(step)
                : new Turn.Answer("I could not change anything.");
          }
        };
    try (Api api = agent.start(model, KEY);
        AgentSolver solver = solver(agent, environment(api), Duration.ofMinutes(2))) {
      TestCase vandal = TestJobs.testCase("vandal", "Change the repository.", "could not");
      RunResult r = solver.solve(new Job(0, vandal, withMcp(agent, api, serverOnRepo()), 1));

      assertEquals(RunStatus.PASSED, r.status(), r.error() + "; " + r.answer());
      assertEquals(writes.size() + 1, results.size(), "every attempt reached the agent");
      assertTrue(
          results.subList(1, results.size()).stream().allMatch(Optional::isPresent),
          "each attempt was answered: " + results);
      assertEquals(before, RealParts.snapshot(repo), "the repository changed");
      for (List<String> offered : api.offered().get()) {
        for (String writer : agent.writersNeverOffered()) {
          assertFalse(offered.contains(writer), writer + " was offered");
        }
      }
    }
    assertEquals(List.of(), processes.alive(), "processes outlived the run");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void serversOfTheUserNeverStartThoughThePlainCliStartsThem(ContractAgent agent) throws Exception {
    assertPlantedServersStayOut(agent, false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void serversOfTheRepositoryNeverStartThoughThePlainCliStartsThem(ContractAgent agent)
      throws Exception {
    assertPlantedServersStayOut(agent, true);
  }

  /**
   * Plants marking servers where the user (or the repository) keeps them, runs both arms through
   * the harness and sees none started; then runs the plain CLI on the same home and repository and
   * sees each of them start, so that "none started" is a finding.
   */
  private void assertPlantedServersStayOut(ContractAgent agent, boolean inRepository)
      throws Exception {
    try (Api api = agent.start(seen -> readWidget(agent, seen), KEY)) {
      Map<String, String> env = environment(api);
      List<String> planted =
          inRepository
              ? agent.plantRepoServers(dir, home, repo, env)
              : agent.plantUserServers(dir, home, repo, env);
      RunResult mcp;
      RunResult baseline;
      try (AgentSolver solver = solver(agent, env, Duration.ofMinutes(2))) {
        mcp = solver.solve(new Job(0, WIDGET, withMcp(agent, api, serverOnRepo()), 1));
        baseline =
            solver.solve(new Job(1, WIDGET, agent.arm(api, Arm.WITHOUT_MCP, Optional.empty()), 1));
      }

      assertEquals(List.of(), RealParts.started(dir), "planted servers were started");
      assertEquals(RunStatus.PASSED, mcp.status(), mcp.error());
      assertEquals(List.of(new RunResult.McpServer("repo", "connected")), mcp.mcpServers());
      assertEquals(RunStatus.PASSED, baseline.status(), baseline.error());
      assertEquals(List.of(), baseline.mcpServers());
      assertEquals(List.of(), processes.alive(), "processes outlived the runs");

      // The positive control: the CLI as the user runs it starts every planted server.
      agent.plainEnvironment(api, env);
      ProcessBuilder builder =
          new ProcessBuilder(agent.plainCommand(api, home, WIDGET.prompt()))
              .directory(repo.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(dir.resolve("plain.out").toFile())
              .redirectError(dir.resolve("plain.err").toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      Process plain = builder.start();
      try {
        await()
            .atMost(agent.startupAllowance().multipliedBy(2))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> RealParts.started(dir).stream().distinct().sorted().toList(),
                planted::equals);
      } finally {
        plain.descendants().forEach(ProcessHandle::destroyForcibly);
        plain.destroyForcibly();
        assertTrue(plain.waitFor(30, TimeUnit.SECONDS), "the plain CLI did not die");
      }
    }
  }

  /** Reads the widget source: with the server's tool when offered, else the agent's own. */
  private Turn readWidget(ContractAgent agent, ContractAgent.Seen seen) {
    if (seen.toolResult().isPresent()) {
      return new Turn.Answer("ANSWER from src/Widget.java: " + seen.toolResult().get());
    }
    if (seen.tools().contains(agent.offeredMcpRead())) {
      return new Turn.Call(agent.offeredMcpRead(), Map.of("path", source.toString()));
    }
    return agent.builtInRead(source);
  }

  private Arm withMcp(ContractAgent agent, Api api, Path config) {
    return agent.arm(api, Arm.WITH_MCP, Optional.of(McpConfig.load(config)));
  }

  /** {@code <dir>/mcp.json}: the real filesystem server on the repository, as {@code repo}. */
  private Path serverOnRepo() throws IOException {
    return Files.writeString(
        dir.resolve("mcp.json"), RealParts.mcpServers(List.of(RealParts.server("repo", repo))));
  }

  /** The API's environment with a home of the test's own, tagged. */
  private Map<String, String> environment(Api api) {
    Map<String, String> env = new HashMap<>(api.environment());
    env.put("HOME", home.toString());
    return processes.tag(env);
  }

  private AgentSolver solver(ContractAgent agent, Map<String, String> env, Duration timeout) {
    return new AgentSolver(agent.options(repo, timeout), out(), env);
  }

  private Path out() {
    return dir.resolve("out");
  }
}
