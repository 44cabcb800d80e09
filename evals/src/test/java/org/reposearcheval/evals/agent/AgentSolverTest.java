package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reposearcheval.evals.FakeAgent;
import org.reposearcheval.evals.LiveProcess;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.process.ProcessTree;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.Secrets;

/** One run of the test agent as a real process, through every way it can end. */
class AgentSolverTest {
  @TempDir Path dir;
  FakeAgent agent;

  @BeforeEach
  void setUp() throws Exception {
    agent = new FakeAgent(dir);
  }

  private RunResult solve(String prompt, Arm arm, Duration timeout, String... contains) {
    TestCase testCase = TestJobs.testCase("c1", prompt, contains);
    try (AgentSolver solver = agent.solver(timeout)) {
      return solver.solve(new Job(0, testCase, arm, 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyAgentsRunHasItsPrivateTmpAsTmpdirWhateverTheUsersIs() throws Exception {
    Map<String, String> environment = new HashMap<>(agent.environment());
    environment.put("TMPDIR", dir.resolve("users-tmp").toString());
    try (AgentSolver solver = agent.solver(Duration.ofSeconds(30), environment)) {
      for (AgentCli cli : AgentClis.all()) {
        Job job =
            new Job(
                0,
                TestJobs.testCase("c1", "ok", "ok"),
                Arm.withoutMcp(AgentSpec.of(cli.name(), Optional.empty())),
                1);
        Path home = Files.createDirectories(dir.resolve("home-" + cli.name()));
        AgentCli.RunSetup setup = solver.setup(job, home);
        Files.createDirectories(setup.tmp());

        Map<String, String> started = cli.invocation(setup).environment();

        assertEquals(home.resolve(ConfigDirs.TMP).toString(), started.get("TMPDIR"), cli.name());
      }
    }
  }

  @Test
  void noAgentIsHandedAServersPrepareStepWhileEveryOneGetsTheServer() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("mcp.json"),
            """
            {"mcpServers": {"index": {
              "command": "serve-the-index", "args": ["--from", "${REPO}"],
              "env": {"INDEX_HOME": "${REPO}/.idx"},
              "prepare": {"command": "build-the-index", "args": ["--into", "${REPO}"]}
            }}}
            """);
    try (AgentSolver solver = agent.solver(Duration.ofSeconds(30))) {
      for (AgentCli cli : AgentClis.all()) {
        Job job =
            new Job(
                0,
                TestJobs.testCase("c1", "ok", "ok"),
                Arm.withMcp(McpConfig.load(config), AgentSpec.of(cli.name(), Optional.empty())),
                1);
        Path home = Files.createDirectories(dir.resolve("home-" + cli.name()));
        AgentCli.RunSetup setup = solver.setup(job, home, dir);
        Files.createDirectories(setup.tmp());

        AgentCli.Invocation invocation = cli.invocation(setup);

        StringBuilder seen = new StringBuilder(String.join(" ", invocation.command()));
        seen.append(new String(invocation.stdin(), java.nio.charset.StandardCharsets.UTF_8));
        invocation.environment().values().forEach(seen::append);
        try (var files = Files.walk(home)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            seen.append(Files.readString(file));
          }
        }
        assertTrue(seen.toString().contains("serve-the-index"), cli.name() + " gets the server");
        assertFalse(seen.toString().contains("build-the-index"), cli.name() + ": " + seen);
        assertFalse(seen.toString().contains("\"prepare\""), cli.name() + ": " + seen);
      }
    }
  }

  @Test
  void answerThatMeetsExpectationsPassesAndRecordsTheStream() throws Exception {
    RunResult result =
        solve(
            "tool=mcp__repo__search_files tool=Read tool=mcp__repo__read_text_file answer=It is"
                + " RunAll.java",
            agent.withMcp,
            Duration.ofSeconds(30),
            "RunAll.java");

    assertEquals(RunStatus.PASSED, result.status(), result.error());
    assertEquals("It is RunAll.java", result.answer());
    assertEquals(3, result.toolCalls().total());
    assertEquals(2, result.toolCalls().mcp());
    assertEquals(List.of(new McpServer("repo", "connected")), result.mcpServers());
    assertEquals(0, result.exitCode());
    assertEquals(4, result.numTurns());
    assertEquals(100, result.usage().inputTokens());
    assertEquals("transcripts/with-mcp/c1-1.jsonl", result.transcript());
    assertTrue(
        Files.readString(agent.output.resolve(result.transcript()))
            .contains("\"type\":\"result\""));
  }

  @Test
  void answerThatMissesFailsWithTheMissedExpectation() {
    RunResult result =
        solve("answer=no idea", Arm.withoutMcp(), Duration.ofSeconds(30), "RunAll.java");

    assertEquals(RunStatus.FAILED, result.status());
    assertEquals(List.of("contains \"RunAll.java\""), result.failedExpectations());
  }

  @Test
  void bothArmsAreStrictAndOnlyTheWithMcpArmNamesServers() throws Exception {
    solve("answer=x", agent.withMcp, Duration.ofSeconds(30), "x");
    solve("answer=x", Arm.withoutMcp(), Duration.ofSeconds(30), "x");

    List<List<String>> calls = agent.recordedArgs();
    assertEquals(2, calls.size());
    List<String> withMcp =
        calls.stream()
            .filter(a -> a.contains(agent.mcpConfig.file().toString()))
            .findFirst()
            .orElseThrow();
    List<String> withoutMcp =
        calls.stream().filter(a -> a.contains(McpConfig.NO_SERVERS)).findFirst().orElseThrow();
    for (List<String> args : calls) {
      assertEquals("-p", args.get(0));
      assertFalse(args.contains("answer=x"), "the prompt goes on stdin: " + args);
      assertTrue(args.contains("--strict-mcp-config"), args.toString());
      assertEquals("stream-json", args.get(args.indexOf("--output-format") + 1));
      assertTrue(args.contains("--verbose"));
    }
    assertEquals("Read Grep Glob mcp__repo", withMcp.get(withMcp.indexOf("--allowedTools") + 1));
    assertEquals("Read Grep Glob", withoutMcp.get(withoutMcp.indexOf("--allowedTools") + 1));
  }

  @Test
  void modelAndMaxTurnsArePassedWhenGiven() {
    AgentOptions options =
        new AgentOptions(
            Binaries.of("claude", "claude"),
            dir,
            Optional.of("claude-sonnet-4-5"),
            Optional.of(7),
            Duration.ofMinutes(1));
    List<String> command =
        new AgentSolver(options, dir, Map.of())
            .command(new Job(0, TestJobs.testCase("c", "q", "x"), Arm.withoutMcp(), 1));

    assertEquals("claude-sonnet-4-5", command.get(command.indexOf("--model") + 1));
    assertEquals("7", command.get(command.indexOf("--max-turns") + 1));
    assertFalse(command.contains("q"), "the prompt goes on stdin: " + command);
    assertFalse(command.contains("--"), command.toString());
  }

  @Test
  @Timeout(120)
  void aPromptOfAMegabyteStartingWithADashReachesTheAgentWholeOnStdin() throws Exception {
    // Over Linux's 128 KB limit on one argument: as an argument it could not start the agent.
    String prompt = "--no-such-option answer=ok\n" + "ä😀 line of a pasted log\n".repeat(40_000);
    assertTrue(prompt.getBytes(StandardCharsets.UTF_8).length > 1 << 20);

    RunResult result = solve(prompt, Arm.withoutMcp(), Duration.ofSeconds(60), "ok");

    assertEquals(RunStatus.PASSED, result.status(), result.error());
    List<Path> received;
    try (Stream<Path> files = Files.list(agent.state.resolve("prompts"))) {
      received = files.toList();
    }
    assertEquals(1, received.size());
    assertArrayEquals(
        prompt.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(received.getFirst()));
  }

  @Test
  void eachRunGetsItsOwnConfigDirAndNoNestedSessionGuard() {
    RunResult first =
        solve(
            "env=CLAUDE_CONFIG_DIR env=CLAUDECODE",
            Arm.withoutMcp(),
            Duration.ofSeconds(30),
            "CLAUDECODE= ");
    RunResult second =
        solve(
            "env=CLAUDE_CONFIG_DIR",
            Arm.withoutMcp(),
            Duration.ofSeconds(30),
            "CLAUDE_CONFIG_DIR=");

    assertEquals(RunStatus.PASSED, first.status(), "CLAUDECODE must be removed: " + first.answer());
    String firstDir = first.answer().split("\\s+")[0];
    String secondDir = second.answer().split("\\s+")[0];
    assertTrue(firstDir.contains(ConfigDirs.prefix("claude")), firstDir);
    assertNotEquals(firstDir, secondDir, "each solver has its own");
    assertFalse(
        Files.exists(Path.of(firstDir.substring("CLAUDE_CONFIG_DIR=".length()))),
        "removed when the solver is closed");
  }

  @Test
  void timeoutKillsTheWholeTreeGrandchildrenIncluded() throws Exception {
    RunResult result = solve("grandchild hang", agent.withMcp, Duration.ofSeconds(1), "x");

    assertEquals(RunStatus.TIMEOUT, result.status());
    List<Long> grandchildren = agent.grandchildren();
    assertEquals(1, grandchildren.size());
    for (long pid : grandchildren) {
      assertFalse(
          ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "grandchild " + pid + " (ignores SIGTERM) survived the timeout");
    }
    assertEquals(0, agent.running());
    assertTrue(ProcessTree.marked("no-such-marker").isEmpty());
  }

  @Test
  void grandchildOrphanedBeforeTheTimeoutIsFoundByItsMarker() throws Exception {
    // The grandchild's parent exits at once, so it is reparented and no longer a descendant of the
    // agent when the timeout strikes: only the run marker in its environment can find it.
    RunResult result = solve("orphan hang", Arm.withoutMcp(), Duration.ofSeconds(1), "x");

    assertEquals(RunStatus.TIMEOUT, result.status());
    List<Long> orphans = agent.grandchildren();
    assertEquals(1, orphans.size());
    assertFalse(
        ProcessHandle.of(orphans.get(0)).map(ProcessHandle::isAlive).orElse(false),
        "orphan " + orphans.get(0) + " survived the timeout");
  }

  @Test
  void processLeftRunningByAWithMcpAgentThatExitedByItselfDiesWithTheRun() throws Exception {
    // The agent answers and exits by itself, leaving behind a process it started that ignores
    // SIGTERM and was reparented at once, as an MCP server that does not stop with the CLI would.
    RunResult result = solve("orphan answer=x", agent.withMcp, Duration.ofSeconds(30), "x");
    List<Long> left = agent.grandchildren();
    try {
      assertEquals(RunStatus.PASSED, result.status(), result.error());
      assertEquals(1, left.size());
      assertEquals(
          List.of(),
          LiveProcess.all().stream().filter(p -> left.contains(p.pid())).toList(),
          "outlived the run");
    } finally {
      left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  /**
   * A prompt that looks like an option reaches the agent as the prompt; garbage lines in the stream
   * do not hide the result.
   */
  @ParameterizedTest
  @CsvSource({"--help answer=dash, dash", "garbage answer=fine, fine"})
  void theAgentsAnswerPassesWhateverThePromptOrTheStreamHolds(String prompt, String expected) {
    RunResult result = solve(prompt, Arm.withoutMcp(), Duration.ofSeconds(30), expected);
    assertEquals(RunStatus.PASSED, result.status(), result.error());
  }

  @Test
  void timeoutNamesTheLimitNotTheTimeItTookToKill() {
    RunResult result = solve("hang", Arm.withoutMcp(), Duration.ofSeconds(1), "x");
    assertTrue(result.error().startsWith("no answer within the 1s timeout"), result.error());
  }

  /** Writes the agent's MCP config with {@code servers}, each a command that does nothing. */
  private void writeMcpConfigNaming(String... servers) throws IOException {
    String entries =
        Stream.of(servers)
            .map(name -> "\"" + name + "\":{\"command\":\"true\"}")
            .collect(Collectors.joining(","));
    Files.writeString(agent.mcpConfig.file(), "{\"mcpServers\":{" + entries + "}}");
  }

  @Test
  void withMcpRunMissingAConfiguredServerIsInvalid() throws Exception {
    writeMcpConfigNaming("repo", "docs");
    Arm twoServers = Arm.withMcp(McpConfig.load(agent.mcpConfig.file()));
    // The test agent reports the servers it finds in the file; make it see only one of the two.
    writeMcpConfigNaming("repo");
    RunResult result;
    try (AgentSolver solver = agent.solver(Duration.ofSeconds(30))) {
      result = solver.solve(new Job(0, TestJobs.testCase("c", "answer=x", "x"), twoServers, 1));
    }

    assertEquals(RunStatus.INVALID, result.status());
    assertTrue(result.error().contains("docs"), result.error());
  }

  @Test
  void withMcpRunThatSeesAServerItWasNotGivenIsInvalid() throws Exception {
    // The test agent reports the servers it finds in the file; make it see one the arm lacks.
    writeMcpConfigNaming("repo", "project");
    RunResult result = solve("answer=x", agent.withMcp, Duration.ofSeconds(30), "x");

    assertEquals(RunStatus.INVALID, result.status());
    assertEquals(
        "MCP servers the arm was not given: project=connected (they must not leak in)",
        result.error());
  }

  @Test
  void crashWithoutResultIsAnErrorWithTheStderrTail() {
    RunResult result = solve("crash", Arm.withoutMcp(), Duration.ofSeconds(30), "x");

    assertEquals(RunStatus.ERROR, result.status());
    assertEquals(3, result.exitCode());
    assertTrue(result.error().contains("without a result event"), result.error());
    assertTrue(result.error().contains("something broke"), result.error());
    assertNull(result.answer());
  }

  @Test
  void apiErrorReportedAsSuccessIsStillAnError() {
    RunResult result =
        solve(
            "api-error=429 answer=rate limited", Arm.withoutMcp(), Duration.ofSeconds(30), "rate");

    assertEquals(RunStatus.ERROR, result.status());
    assertTrue(result.error().contains("API status 429"), result.error());
  }

  @Test
  void withMcpRunWhoseServerDidNotConnectIsInvalid() {
    RunResult result = solve("mcp=failed answer=x", agent.withMcp, Duration.ofSeconds(30), "x");

    assertEquals(RunStatus.INVALID, result.status());
    assertTrue(result.error().contains("repo=failed"), result.error());
  }

  @Test
  void missingAgentIsAnErrorNotACrash() throws Exception {
    AgentOptions options =
        new AgentOptions(
            Binaries.of("claude", dir.resolve("no-such-claude").toString()),
            dir,
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(5));
    RunResult result;
    try (AgentSolver solver = new AgentSolver(options, agent.output, Map.of())) {
      result = solver.solve(new Job(0, TestJobs.testCase("c", "q", "x"), Arm.withoutMcp(), 1));
    }

    assertEquals(RunStatus.ERROR, result.status());
    assertTrue(result.error().contains("cannot start agent"), result.error());
  }

  @Test
  void secretsInTheEnvironmentNeverReachTheResultOrTheTranscript() throws Exception {
    Map<String, String> env = agent.environment();
    env.put("ANTHROPIC_API_KEY", "sk-ant-planted-secret-123");
    RunResult result;
    try (AgentSolver solver = agent.solver(Duration.ofSeconds(30), env)) {
      result =
          solver.solve(
              new Job(
                  0,
                  TestJobs.testCase("c", "env=ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY="),
                  Arm.withoutMcp(),
                  1));
    }

    assertEquals(RunStatus.PASSED, result.status(), result.error());
    assertFalse(result.answer().contains("planted"), result.answer());
    assertTrue(result.answer().contains(Secrets.MASK));
    String transcript = Files.readString(agent.output.resolve(result.transcript()));
    assertLacks(transcript, "planted");
    assertTrue(transcript.contains("ANTHROPIC_API_KEY=***"), transcript);
  }
}
