package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.agent.Binaries;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.TestCase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The Augment CLI with real parts: the pinned {@code auggie} and a real {@code
 * @modelcontextprotocol/server-filesystem}, against {@link ScriptedAugmentBackend} on 127.0.0.1,
 * the CLI's only service. The script reads the widget source with the MCP server's tool when one
 * is offered and with the built-in {@code view} otherwise, and answers with what it read. What
 * every agent must do (retries, timeouts, refused writes, planted servers) is in {@link
 * AgentContractIT}.
 */
class AuggieIT extends RealCliTestBase {
  static final String PLANTED_TOKEN = "aug-test-token-planted-7c61e5bb";
  static final AgentSpec AUGGIE = AuggieContract.AUGGIE;

  @Test
  void withMcpArmCallsTheConnectedServerAndTheBaselineSeesNoServerAtAll() throws Exception {
    // A space in the path: the CLI runs a server's command line through sh.
    RealParts.WidgetSuite suite =
        RealParts.widgetSuite(dir, "widget repo")
            .withCase("where-widget", "Which class builds widgets?");

    try (ScriptedAugmentBackend backend =
        ScriptedAugmentBackend.start(call -> readWidget(call, suite.source()))) {
      Map<String, String> env = processes.tag(backend.environment(PLANTED_TOKEN));
      Path out = dir.resolve("out");
      EvalSettings settings =
          RealSuites.bothArms(suite, "auggie", RealParts.AUGGIE, Optional.empty());

      Evaluation.Outcome outcome = RealSuites.run(settings, out, env);

      assertEquals(List.of(), backend.failures());
      ReportSchemas.assertValid(out);
      Report report = outcome.report();
      assertEquals("0.36.0", report.config().agentVersions().get("auggie"));
      Map<String, RunResult> byArm = new java.util.HashMap<>();
      report.rawResults().forEach(r -> byArm.put(r.arm(), r));
      RunResult mcp = byArm.get(Arm.WITH_MCP);
      RunResult baseline = byArm.get(Arm.WITHOUT_MCP);
      assertEquals(RunStatus.PASSED, mcp.status(), mcp.error());
      assertEquals(List.of(new McpServer("repo", "connected")), mcp.mcpServers());
      assertEquals(Map.of("mcp__repo__read_text_file", 1), mcp.toolCalls().byName());
      assertTrue(mcp.answer().contains("final class WidgetFactory"), mcp.answer());
      RealParts.assertMcpTurnShown(out, mcp, "repo", "read_text_file", "builds widgets");
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
      RealParts.assertNoFileContains(out, PLANTED_TOKEN);
      assertEquals(List.of(), processes.alive(), "processes outlived the evaluation");
    }
  }

  /**
   * The control of {@link AgentContractIT}'s refused writes: the same calls, from the CLI run
   * without the harness, change the repository.
   */
  @Test
  void theWritesTheHarnessRefusesChangeTheRepositoryFromThePlainCli() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo")).toRealPath();
    Path source = RealParts.widgetRepo(repo);
    List<ContractAgent.Turn.Call> writes = new AuggieContract().writes(repo, source);
    ScriptedHttpServer.Script script =
        call -> {
          int step = call.path("chat_history").size();
          return step < writes.size()
              ? new Reply.ToolUse(writes.get(step).tool(), writes.get(step).input())
              : new Reply.Text("ANSWER after the writes");
        };
    try (ScriptedAugmentBackend backend = ScriptedAugmentBackend.start(script)) {
      Path home = Files.createDirectories(dir.resolve("plain-home"));
      Path prompt = Files.writeString(home.resolve("prompt.md"), "Change the widget.");
      Map<String, String> env = processes.tag(backend.environment(PLANTED_TOKEN));
      env.put("HOME", home.toString());
      env.put("TMPDIR", home.toString());
      List<String> command =
          List.of(
              RealParts.AUGGIE.toString(),
              "--print",
              "--output-format",
              "json",
              "--instruction-file",
              prompt.toString(),
              "--mcp-config",
              McpConfig.NO_SERVERS);
      try (PlainCli plain = PlainCli.start(command, repo, env, home)) {
        assertTrue(plain.ended(Duration.ofMinutes(2)), "the plain run did not end");
      }

      assertTrue(Files.isRegularFile(repo.resolve("src/Pwned.java")), "save-file wrote");
      assertTrue(Files.isRegularFile(repo.resolve("pwned-by-shell")), "the shell ran");
    }
  }

  @Test
  void aServerOfTheAccountMakesTheBaselineAndTheWithMcpRunInvalid() throws Exception {
    RealParts.WidgetSuite suite = RealParts.widgetSuite(dir, "repo");
    Path repo = suite.repo();
    TestCase question = TestJobs.testCase("widget", "Which class builds widgets?", "WidgetFactory");

    try (ScriptedAugmentBackend backend =
            ScriptedAugmentBackend.start(call -> readWidget(call, suite.source()))
                .withRegistryServer(
                    "regfs",
                    RealParts.MCP_SERVER.toString(),
                    List.of(repo.toRealPath().toString()));
        AgentSolver solver = solver(repo, backend, Duration.ofMinutes(2))) {
      RunResult baseline = solver.solve(new Job(0, question, Arm.withoutMcp(AUGGIE), 1));
      RunResult mcp =
          solver.solve(
              new Job(1, question, Arm.withMcp(McpConfig.load(suite.mcpConfig()), AUGGIE), 1));

      assertEquals(RunStatus.INVALID, baseline.status(), baseline.error());
      assertEquals(
          "baseline run saw MCP servers: regfs=connected (they must not leak in)",
          baseline.error());
      assertEquals(RunStatus.INVALID, mcp.status(), mcp.error());
      assertEquals(
          "MCP servers the arm was not given: regfs=connected (they must not leak in)",
          mcp.error());
      assertTrue(mcp.mcpServers().contains(new McpServer("repo", "connected")));
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

  private AgentSolver solver(Path repo, ScriptedAugmentBackend backend, Duration timeout) {
    return solver(processes, dir, repo, backend, timeout);
  }

  /**
   * The harness's solver for runs in {@code repo}, its environment tagged for {@code processes}.
   */
  static AgentSolver solver(
      TestProcesses processes,
      Path dir,
      Path repo,
      ScriptedAugmentBackend backend,
      Duration timeout) {
    return new AgentSolver(
        options(repo, timeout),
        dir.resolve("out"),
        processes.tag(backend.environment(PLANTED_TOKEN)));
  }

  static AgentOptions options(Path repo, Duration timeout) {
    return new AgentOptions(
        Binaries.of("claude", "claude"), repo, Optional.empty(), Optional.empty(), timeout);
  }

  private static boolean offersServer(JsonNode call, String server) {
    return ScriptedAugmentBackend.offeredTools(call).stream()
        .anyMatch(t -> t.endsWith("_" + server));
  }

  private static Reply readWidget(JsonNode call, Path source) {
    List<String> results = ScriptedAugmentBackend.toolResults(call);
    if (!results.isEmpty()) {
      return new Reply.Text("ANSWER: " + results.getLast());
    }
    var input = JsonNodeFactory.instance.objectNode();
    if (ScriptedAugmentBackend.offeredTools(call).contains("read_text_file_repo")) {
      input.put("path", source.toString());
      return new Reply.ToolUse("read_text_file_repo", input);
    }
    input.put("path", source.toString()).put("type", "file");
    return new Reply.ToolUse("view", input);
  }
}
