package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.TestProcesses.running;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.agent.Binaries;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The whole path with real parts: the pinned Claude Code CLI and a real
 * {@code @modelcontextprotocol/server-filesystem}, against a scripted Messages API on 127.0.0.1.
 * Only the remote model is a stand-in. The model's script reads a file with the MCP server's tool
 * when one is offered and with the built-in {@code Read} otherwise, and answers with what it read.
 *
 * <p>Which processes a run left is seen in {@code /proc} ({@link LiveProcess}), never through the
 * harness's own bookkeeping: every process of a test's runs inherits the tag the test puts in the
 * harness's environment, and works in or names the test's directory.
 */
class ClaudeCodeIT {
  private static final String PLANTED_KEY = "sk-ant-it-planted-secret-0123456789";

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
  void withMcpArmUsesTheConnectedServerAndTheBaselineSeesNoServerAtAll() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = RealParts.widgetRepo(repo);
    Path cases = Files.createDirectories(dir.resolve("cases"));
    Files.writeString(
        cases.resolve("where-widget.json"),
        """
        {"id": "where-widget", "prompt": "Which class builds widgets? Name the file.",
         "expect": {"contains": ["WidgetFactory"], "notContains": ["no idea"]}}\
        """);
    Files.writeString(
        cases.resolve("widget-comment.json"),
        """
        {"id": "widget-comment", "prompt": "What does the comment in the widget source say?",
         "expect": {"regex": ["builds\\\\s+widgets"]}, "timeout": "2m"}\
        """);
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(
        mcpConfig,
        """
        {"mcpServers": {"repo": {"command": "%s", "args": ["%s"]}}}\
        """
            .formatted(RealParts.MCP_SERVER, repo.toRealPath()));

    try (ScriptedMessagesApi api = ScriptedMessagesApi.start(request -> reply(request, source))) {
      Map<String, String> env = api.environment(PLANTED_KEY, 1);
      processes.tag(env);
      Path out = dir.resolve("out");
      EvalSettings settings =
          new EvalSettings(
              new EvalSettings.Suite(cases, List.of(), Shard.ALL, mcpConfig, Optional.empty()),
              new EvalSettings.Agent(repo, RealParts.CLAUDE.toString()),
              new EvalSettings.Schedule(List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1, 2),
              new EvalSettings.PerRun(Duration.ofMinutes(2)),
              EvalSettings.Policy.DEFAULTS);

      Evaluation.Outcome outcome =
          Evaluation.run(settings, out, env, RunListener.NONE, new RunControl());

      assertTrue(api.failures().isEmpty(), api.failures().toString());
      ReportSchemas.assertValid(out);
      Report report = outcome.report();
      assertEquals("2.1.328", report.config().claudeCodeVersion());
      List<RunResult> results = report.rawResults();
      assertEquals(4, results.size());
      assertEquals(
          List.of(
              "where-widget with-mcp",
              "where-widget without-mcp",
              "widget-comment with-mcp",
              "widget-comment without-mcp"),
          results.stream().map(r -> r.caseId() + " " + r.arm()).toList());
      for (RunResult r : results) {
        assertEquals(RunStatus.PASSED, r.status(), r.caseId() + " " + r.arm() + ": " + r.error());
        assertTrue(Files.isRegularFile(out.resolve(r.transcript())));
        if (r.arm().equals(Arm.WITH_MCP)) {
          assertEquals(List.of(new RunResult.McpServer("repo", "connected")), r.mcpServers());
          assertTrue(r.toolCalls().mcp() >= 1, r.toolCalls().toString());
          assertTrue(r.toolCalls().byName().containsKey("mcp__repo__read_text_file"));
        } else {
          assertEquals(List.of(), r.mcpServers());
          assertEquals(0, r.toolCalls().mcp());
          assertTrue(r.toolCalls().byName().containsKey("Read"), r.toolCalls().toString());
        }
        assertTrue(r.numTurns() >= 2);
        assertTrue(r.usage().inputTokens() > 0);
        assertTrue(r.costUsd() != null && r.costUsd() > 0);
      }
      assertEquals(1.0, report.summary().byArm().get("with-mcp").passRate());
      assertEquals(1.0, report.summary().byArm().get("without-mcp").meanToolCalls());
      // The baseline's requests offered the model no MCP tool at all.
      assertTrue(api.requests().stream().anyMatch(r -> hasMcpTools(r)));
      assertTrue(
          api.requests().stream()
              .anyMatch(
                  r -> !hasMcpTools(r) && !ScriptedMessagesApi.offeredToolNames(r).isEmpty()));
      assertNoFileContains(out, PLANTED_KEY);
      assertEquals(List.of(), processes.alive(), "processes outlived the evaluation");
    }
  }

  @Test
  void rateLimitedRunIsRetriedByTheHarnessAndAFailedServerMakesTheRunInvalid() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve("README.md"), "hello\n");
    AtomicInteger rateLimited = new AtomicInteger();
    ScriptedMessagesApi.Script script =
        request -> {
          // The first agent request is refused as rate limited; the CLI gives up at once
          // (CLAUDE_CODE_MAX_RETRIES=0), so only the harness's own retry can save the run.
          if (rateLimited.getAndIncrement() == 0) {
            return new ScriptedMessagesApi.Reply.Error(429, "rate_limit_error", "Rate limited");
          }
          return new ScriptedMessagesApi.Reply.Text("the answer is hello");
        };
    try (ScriptedMessagesApi api = ScriptedMessagesApi.start(script)) {
      Map<String, String> env = api.environment(PLANTED_KEY, 0);
      AgentOptions options =
          new AgentOptions(
              Binaries.of("claude", RealParts.CLAUDE.toString()),
              repo,
              Optional.empty(),
              Optional.empty(),
              Duration.ofMinutes(2));
      AdaptiveLimit limit = new AdaptiveLimit(4);
      AgentSolver agents = new AgentSolver(options, dir.resolve("out"), env);
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
                  Arm.withoutMcp(),
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
                  Arm.withMcp(McpConfig.load(broken)),
                  1));

      assertEquals(RunStatus.INVALID, invalid.status(), invalid.error());
      assertEquals(List.of(new RunResult.McpServer("repo", "failed")), invalid.mcpServers());
      agents.close();
    }
  }

  @Test
  void theRealCliTakesTheCapOnWhatOneRunMaySpend() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve("README.md"), "hello\n");
    try (ScriptedMessagesApi api =
        ScriptedMessagesApi.start(request -> new ScriptedMessagesApi.Reply.Text("hello"))) {
      AgentOptions options =
          new AgentOptions(
              Binaries.of("claude", RealParts.CLAUDE.toString()),
              repo,
              Optional.empty(),
              Optional.empty(),
              Duration.ofMinutes(2),
              Optional.of(0.5),
              false);
      try (AgentSolver solver = new AgentSolver(options, dir.resolve("out"), environment(api))) {
        Job job =
            new Job(
                0,
                TestJobs.testCase("capped", "What does README say?", "hello"),
                Arm.withoutMcp(),
                1);

        RunResult result = solver.solve(job);

        assertTrue(
            String.join(" ", solver.command(job)).contains(" --max-budget-usd 0.5"),
            solver.command(job).toString());
        assertEquals(RunStatus.PASSED, result.status(), result.error());
      }
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
    Arm withMcp = Arm.withMcp(McpConfig.load(mcpConfig));
    // Long enough for the CLI to start and connect its servers on a loaded machine; the scan must
    // see all of them before it strikes.
    Duration timeout = Duration.ofSeconds(20);
    try (ScriptedMessagesApi api =
            ScriptedMessagesApi.start(request -> new ScriptedMessagesApi.Reply.Hang());
        AgentSolver solver = solver(repo, api, RealParts.CLAUDE, timeout)) {
      TestCase question = TestJobs.testCase("hang", "What does README say?", "hello");
      CompletableFuture<RunResult> run =
          CompletableFuture.supplyAsync(
              () -> solver.solve(new Job(0, question, withMcp, 1)),
              task -> Thread.ofVirtual().start(task));

      processes.awaitInFlight(
          repo,
          now ->
              running(now, "claude") == 1
                  && running(now, RealParts.MCP_PROGRAM) == 2
                  && running(now, RealParts.HELPER_PROGRAM) == 1
                  && !api.requests().isEmpty(),
          timeout.minusSeconds(2));
      RunResult result = run.get(timeout.plusMinutes(1).toSeconds(), TimeUnit.SECONDS);

      assertEquals(RunStatus.TIMEOUT, result.status(), result.error());
      assertEquals(List.of(), processes.alive(), "alive after the timeout");
    }
  }

  @ParameterizedTest(name = "user config in {0}")
  @ValueSource(strings = {"HOME", "CLAUDE_CONFIG_DIR"})
  void serversOfTheUserAndOfTheRepositoryStayOutOfBothArms(String userConfig) throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = RealParts.widgetRepo(repo);
    Path root = repo.toRealPath();
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(mcpConfig, RealParts.mcpServers(List.of(RealParts.server("repo", root))));
    Arm withMcp = Arm.withMcp(McpConfig.load(mcpConfig));
    // The repository's own servers, enabled the ways a project enables them without asking.
    Files.writeString(
        repo.resolve(".mcp.json"),
        RealParts.mcpServers(List.of(RealParts.markingServer(dir, "project", root))));
    Path projectSettings = Files.createDirectories(repo.resolve(".claude"));
    Files.writeString(
        projectSettings.resolve("settings.json"), "{\"enableAllProjectMcpServers\": true}");
    Files.writeString(
        projectSettings.resolve("settings.local.json"),
        "{\"enabledMcpjsonServers\": [\"project\"]}");
    // The user's own servers where `claude mcp add` puts them, user scope and local scope: in
    // ~/.claude.json, or in $CLAUDE_CONFIG_DIR/.claude.json for a user who sets that.
    Path home = Files.createDirectories(dir.resolve("home"));
    Path configDir =
        userConfig.equals("HOME")
            ? Files.createDirectories(home.resolve(".claude"))
            : Files.createDirectories(dir.resolve("user-config"));
    Path globalConfig =
        userConfig.equals("HOME")
            ? home.resolve(".claude.json")
            : configDir.resolve(".claude.json");
    Files.writeString(
        globalConfig,
        """
        {"mcpServers": {%s},
         "projects": {"%s": {"mcpServers": {%s}, "hasTrustDialogAccepted": true}}}\
        """
            .formatted(
                RealParts.markingServer(dir, "user-scope", root),
                root,
                RealParts.markingServer(dir, "local-scope", root)));
    Files.writeString(configDir.resolve("settings.json"), "{\"enableAllProjectMcpServers\": true}");

    try (ScriptedMessagesApi api = ScriptedMessagesApi.start(request -> reply(request, source))) {
      Map<String, String> env = environment(api);
      env.put("HOME", home.toString());
      if (userConfig.equals("CLAUDE_CONFIG_DIR")) {
        env.put("CLAUDE_CONFIG_DIR", configDir.toString());
      } else {
        env.remove("CLAUDE_CONFIG_DIR");
      }
      TestCase question =
          TestJobs.testCase("widget", "Which class builds widgets?", "WidgetFactory");
      RunResult mcp;
      RunResult baseline;
      try (AgentSolver solver =
          new AgentSolver(
              options(repo, RealParts.CLAUDE, Duration.ofMinutes(2)), dir.resolve("out"), env)) {
        mcp = solver.solve(new Job(0, question, withMcp, 1));
        baseline = solver.solve(new Job(1, question, Arm.withoutMcp(), 1));
      }

      assertEquals(List.of(), RealParts.started(dir), "planted servers were started");
      assertEquals(RunStatus.PASSED, mcp.status(), mcp.error());
      assertEquals(List.of(new RunResult.McpServer("repo", "connected")), mcp.mcpServers());
      assertEquals(RunStatus.PASSED, baseline.status(), baseline.error());
      assertEquals(List.of(), baseline.mcpServers());
      assertEquals(
          Set.of("mcp__repo"),
          api.requests().stream()
              .flatMap(r -> ScriptedMessagesApi.offeredToolNames(r).stream())
              .filter(name -> name.startsWith("mcp__"))
              .map(name -> name.substring(0, name.indexOf("__", "mcp__".length())))
              .collect(Collectors.toSet()),
          "the model was offered the tools of no other server");
      assertEquals(List.of(), processes.alive(), "processes outlived the runs");
    }
  }

  @Test
  void aServerThatLeaksIntoEitherArmMakesTheRunInvalidAndIsNamed() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve("README.md"), "hello\n");
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(
        mcpConfig, RealParts.mcpServers(List.of(RealParts.server("repo", repo.toRealPath()))));
    Arm withMcp = Arm.withMcp(McpConfig.load(mcpConfig));
    // The harness cannot stop a claude that is handed a server it did not ask for, here by a
    // wrapper a user might put in front of claude; it can only notice it in the init event.
    Path leak = dir.resolve("leak.json");
    Files.writeString(
        leak,
        RealParts.mcpServers(List.of(RealParts.markingServer(dir, "leak", repo.toRealPath()))));
    Path wrapper = dir.resolve("claude-wrapper");
    Files.writeString(
        wrapper,
        """
        #!/usr/bin/env bash
        args=()
        for arg in "$@"; do
          args+=("$arg")
          if [[ "$arg" == --mcp-config ]]; then args+=("%s"); fi
        done
        exec "%s" "${args[@]}"
        """
            .formatted(leak, RealParts.CLAUDE));
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));

    try (ScriptedMessagesApi api =
            ScriptedMessagesApi.start(request -> new ScriptedMessagesApi.Reply.Text("hello"));
        AgentSolver solver = solver(repo, api, wrapper, Duration.ofMinutes(2))) {
      TestCase question = TestJobs.testCase("hello", "What does README say?", "hello");
      RunResult baseline = solver.solve(new Job(0, question, Arm.withoutMcp(), 1));
      RunResult mcp = solver.solve(new Job(1, question, withMcp, 1));

      assertEquals(List.of("leak", "leak"), RealParts.started(dir), "the leak ran in both arms");
      assertEquals(RunStatus.INVALID, baseline.status(), baseline.error());
      assertEquals(
          "baseline run saw MCP servers: leak=connected (they must not leak in)", baseline.error());
      assertEquals(RunStatus.INVALID, mcp.status(), mcp.error());
      assertEquals(
          "MCP servers the arm was not given: leak=connected (they must not leak in)", mcp.error());
      assertTrue(mcp.mcpServers().contains(new RunResult.McpServer("repo", "connected")));
    }
  }

  private Map<String, String> environment(ScriptedMessagesApi api) {
    Map<String, String> env = api.environment(PLANTED_KEY, 0);
    return processes.tag(env);
  }

  /**
   * Two repositories pinned in one suite, one real filesystem server configured once with {@code
   * ${REPO}}: each run's server serves that run's checkout, so the model, which lists the directory
   * the server allows, sees its own repository's files and never the other's.
   */
  @Test
  void aPinnedSuiteOverTwoRepositoriesPointsEachRunsServerAtItsOwnCheckout() throws Exception {
    Path alpha = GitRepos.init(dir.resolve("alpha"));
    String alpha1 = GitRepos.commit(alpha, Map.of("alpha-only.txt", "a"), "one");
    GitRepos.commit(alpha, Map.of("later.txt", "not at the pinned commit"), "two");
    Path beta = GitRepos.init(dir.resolve("beta"));
    String beta1 = GitRepos.commit(beta, Map.of("beta-only.txt", "b"), "one");
    Path cases = Files.createDirectories(dir.resolve("cases"));
    Files.writeString(
        cases.resolve("in-alpha.json"),
        """
        {"id": "in-alpha", "prompt": "List the repository.", "repo": "../alpha", "commit": "%s",
         "expect": {"contains": ["alpha-only.txt"], "notContains": ["beta-only.txt", "later.txt"]}}
        """
            .formatted(alpha1));
    Files.writeString(
        cases.resolve("in-beta.json"),
        """
        {"id": "in-beta", "prompt": "List the repository.", "repo": "../beta", "commit": "%s",
         "expect": {"contains": ["beta-only.txt"], "notContains": ["alpha-only.txt"]}}
        """
            .formatted(beta1));
    Path mcpConfig = cases.resolve("mcp.json");
    Files.writeString(
        mcpConfig,
        """
        {"mcpServers": {"repo": {"command": "%s", "args": ["${REPO}"]}}}
        """
            .formatted(RealParts.MCP_SERVER));

    try (ScriptedMessagesApi api =
        ScriptedMessagesApi.start(ClaudeCodeIT::listTheAllowedDirectory)) {
      Map<String, String> env = api.environment(PLANTED_KEY, 1);
      processes.tag(env);
      Path out = dir.resolve("out");
      EvalSettings settings =
          new EvalSettings(
              new EvalSettings.Suite(
                  cases, List.of(), Shard.ALL, mcpConfig, Optional.empty(), true),
              new EvalSettings.Agent(
                  dir,
                  RealParts.CLAUDE.toString(),
                  "claude",
                  Optional.empty(),
                  Optional.of(dir.resolve("cache")),
                  false),
              new EvalSettings.Schedule(List.of(Arm.WITH_MCP), 1, 2),
              new EvalSettings.PerRun(Duration.ofMinutes(2)),
              EvalSettings.Policy.DEFAULTS);

      Evaluation.Outcome outcome =
          Evaluation.run(settings, out, env, RunListener.NONE, new RunControl());

      assertTrue(api.failures().isEmpty(), api.failures().toString());
      Report report = outcome.report();
      for (RunResult r : report.rawResults()) {
        assertEquals(
            RunStatus.PASSED, r.status(), r.caseId() + ": " + r.error() + " " + r.answer());
        assertEquals(List.of(new RunResult.McpServer("repo", "connected")), r.mcpServers());
        assertTrue(
            r.toolCalls().byName().containsKey("mcp__repo__list_directory"),
            r.toolCalls().toString());
      }
      assertTrue(report.rawResults().getFirst().answer().contains("alpha-only.txt"));
      assertTrue(report.rawResults().getLast().answer().contains("beta-only.txt"));
      assertEquals(alpha1, report.config().cases().get("in-alpha").commit());
      assertEquals(beta1, report.config().cases().get("in-beta").commit());
      assertNoFileContains(out, PLANTED_KEY);
      assertEquals(List.of(), processes.alive(), "processes outlived the evaluation");
    }
  }

  /**
   * The model asks the server which directory it serves, lists it, and answers with the listing.
   */
  private static ScriptedMessagesApi.Reply listTheAllowedDirectory(JsonNode request) {
    List<String> tools = ScriptedMessagesApi.offeredToolNames(request);
    if (tools.isEmpty()) {
      return new ScriptedMessagesApi.Reply.Text("ok");
    }
    var input = JsonNodeFactory.instance.objectNode();
    if (!ScriptedMessagesApi.lastUserMessageHasToolResult(request)) {
      return new ScriptedMessagesApi.Reply.ToolUse("mcp__repo__list_allowed_directories", input);
    }
    String result = ScriptedMessagesApi.lastToolResultText(request);
    if (result.contains("Allowed directories")) {
      java.util.regex.Matcher path =
          java.util.regex.Pattern.compile("/[^\\s\"'\\\\,\\[\\]]+").matcher(result);
      if (!path.find()) {
        throw new IllegalStateException("no directory in: " + result);
      }
      String allowed = path.group();
      input.put("path", allowed);
      return new ScriptedMessagesApi.Reply.ToolUse("mcp__repo__list_directory", input);
    }
    return new ScriptedMessagesApi.Reply.Text("FILES: " + result);
  }

  private static AgentOptions options(Path repo, Path claude, Duration timeout) {
    return new AgentOptions(
        Binaries.of("claude", claude.toString()),
        repo,
        Optional.empty(),
        Optional.empty(),
        timeout);
  }

  private AgentSolver solver(Path repo, ScriptedMessagesApi api, Path claude, Duration timeout) {
    return new AgentSolver(options(repo, claude, timeout), dir.resolve("out"), environment(api));
  }

  private static boolean hasMcpTools(JsonNode request) {
    return ScriptedMessagesApi.offeredToolNames(request).stream()
        .anyMatch(n -> n.startsWith("mcp__"));
  }

  private static ScriptedMessagesApi.Reply reply(JsonNode request, Path source) {
    List<String> tools = ScriptedMessagesApi.offeredToolNames(request);
    if (tools.isEmpty()) {
      return new ScriptedMessagesApi.Reply.Text("ok");
    }
    if (ScriptedMessagesApi.lastUserMessageHasToolResult(request)) {
      return new ScriptedMessagesApi.Reply.Text(
          "ANSWER from src/Widget.java: " + ScriptedMessagesApi.lastToolResultText(request));
    }
    var input = JsonNodeFactory.instance.objectNode();
    if (tools.contains("mcp__repo__read_text_file")) {
      input.put("path", source.toString());
      return new ScriptedMessagesApi.Reply.ToolUse("mcp__repo__read_text_file", input);
    }
    input.put("file_path", source.toString());
    return new ScriptedMessagesApi.Reply.ToolUse("Read", input);
  }

  private static void assertNoFileContains(Path root, String secret) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(Files.readString(file).contains(secret), "secret found in " + file);
      }
    }
  }
}
