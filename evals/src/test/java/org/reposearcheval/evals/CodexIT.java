package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.TestProcesses.running;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.McpServer;
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
 * The pinned Codex CLI ({@code @openai/codex} 0.169.0) through the harness, with the real {@code
 * @modelcontextprotocol/server-filesystem}, against a scripted Responses API on 127.0.0.1 that the
 * arms reach as a model provider of their own ({@code args} and {@code env}, as a user points codex
 * at a gateway). The model's script reads a file with the MCP server's tool when one is offered and
 * with codex's shell otherwise, and answers with what it read. Processes are seen in {@code /proc}
 * ({@link TestProcesses}), never through the harness's own bookkeeping.
 */
class CodexIT extends RealCliTestBase {
  private static final String PLANTED_KEY = "sk-codex-it-planted-secret-0123456789";
  private static final String KEY_VARIABLE = CodexContract.KEY_VARIABLE;

  /**
   * A model codex has no metadata for: it then offers classic function tools, which the stand-in
   * speaks (a known one gets a different request shape, codex's "code mode").
   */
  private static final Optional<String> MOCK_MODEL = Optional.of(CodexContract.MODEL);

  @Test
  void claudeAndCodexEachWithAndWithoutMcpInOneRunSideBySide() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = RealParts.widgetRepo(repo);
    Path root = repo.toRealPath();
    Path cases = Files.createDirectories(dir.resolve("cases"));
    Files.writeString(
        cases.resolve("where-widget.json"),
        """
        {"id": "where-widget", "prompt": "Which class builds widgets? Name the file.",
         "expect": {"contains": ["WidgetFactory"], "notContains": ["no idea"]}}\
        """);
    Path mcp = dir.resolve("mcp.json");
    Files.writeString(mcp, RealParts.mcpServers(List.of(RealParts.server("repo", root))));

    try (ScriptedResponsesApi codex = ScriptedResponsesApi.start(r -> codexReply(r, source));
        ScriptedMessagesApi claude = ScriptedMessagesApi.start(r -> claudeReply(r, source))) {
      Path variants = dir.resolve("variants.json");
      Files.writeString(variants, variants(codex, mcp));
      Map<String, String> env = processes.tag(claude.environment("sk-ant-it-unused-key-0123", 0));
      Path out = dir.resolve("out");
      EvalSettings settings =
          RealSuites.bothArms(
              cases,
              mcp,
              Optional.of(variants),
              RealSuites.claude(repo),
              new PerRun(RealSuites.twoMinutes()));

      Report report = RealSuites.run(settings, out, env).report();

      assertTrue(codex.failures().isEmpty(), codex.failures().toString());
      ReportSchemas.assertValid(out);
      assertEquals("0.169.0", report.config().agentVersions().get("codex"));
      assertEquals("2.1.328", report.config().claudeCodeVersion());
      Map<String, RunResult> byArm =
          report.rawResults().stream().collect(Collectors.toMap(RunResult::arm, r -> r));
      assertEquals(
          Set.of("claude-without-mcp", "claude-with-mcp", "codex-with-mcp", "codex-without-mcp"),
          byArm.keySet());
      byArm
          .values()
          .forEach(r -> assertEquals(RunStatus.PASSED, r.status(), r.arm() + ": " + r.error()));

      RunResult withMcp = byArm.get("codex-with-mcp");
      assertEquals(List.of(new McpServer("repo", "connected")), withMcp.mcpServers());
      assertEquals(Map.of("mcp__repo__read_text_file", 1), withMcp.toolCalls().byName());
      assertTrue(withMcp.answer().contains("builds widgets"), withMcp.answer());
      assertEquals(2, withMcp.numTurns());
      assertEquals(0, withMcp.mcpUse().turnsBeforeFirstCall());
      RealParts.assertMcpTurnShown(out, withMcp, "repo", "read_text_file", "builds widgets");
      // Claude Code and Codex side by side, turn by turn: every column has turns 1 and 2.
      String casePage = Files.readString(out.resolve("pages/where-widget.html"));
      for (String row : List.of("turn 1", "turn 2")) {
        List<String> cells = RealParts.cells(casePage, row);
        assertEquals(4, cells.size(), row);
        cells.forEach(cell -> assertFalse(cell.contains("—"), row + ": " + cell));
      }
      RunResult baseline = byArm.get("codex-without-mcp");
      assertEquals(List.of(), baseline.mcpServers());
      assertEquals(Map.of("command_execution", 1), baseline.toolCalls().byName());
      assertTrue(baseline.answer().contains("WidgetFactory"), baseline.answer());
      for (RunResult run : List.of(withMcp, baseline)) {
        // The stand-in reports a quarter of each request's input as read from its cache.
        assertTrue(run.usage().cacheReadInputTokens() > 0, run.usage().toString());
        assertTrue(run.usage().inputTokens() > 2 * run.usage().cacheReadInputTokens());
        assertEquals(null, run.costUsd(), "an unknown model has no price");
      }
      for (String arm : List.of("claude-with-mcp", "claude-without-mcp")) {
        assertTrue(byArm.get(arm).costUsd() > 0, arm + ": Claude Code's own cost");
      }
      // Only the arm's server reached the model, and only in the with-MCP arm.
      assertEquals(
          Set.of("mcp__repo"),
          codex.requests().stream()
              .flatMap(r -> ScriptedResponsesApi.offeredToolNames(r).stream())
              .filter(name -> name.startsWith("mcp__"))
              .map(name -> name.substring(0, name.indexOf("__", "mcp__".length())))
              .collect(Collectors.toSet()));
      assertTrue(codex.authorizations().stream().allMatch(("Bearer " + PLANTED_KEY)::equals));
      RealParts.assertNoFileContains(out, PLANTED_KEY);
      assertEquals(List.of(), processes.alive(), "processes outlived the evaluation");
    }
  }

  @Test
  void aServerThatCannotStartIsNotRetriedAndTheRunSaysWhyInCodexsWords() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path broken = dir.resolve("broken-mcp.json");
    Files.writeString(
        broken, "{\"mcpServers\": {\"repo\": {\"command\": \"/nonexistent/mcp-server\"}}}");
    try (ScriptedResponsesApi api = ScriptedResponsesApi.start(r -> new Reply.Text("hello"));
        AgentSolver agents =
            new AgentSolver(
                options(repo, Duration.ofMinutes(2)),
                dir.resolve("out"),
                processes.tag(new HashMap<>(System.getenv())))) {
      Solver solver =
          new Retrying(
              agents,
              new Retries(2, Duration.ofMillis(50), new AdaptiveLimit(4), MemoryFloor.NONE),
              dir.resolve("out"));
      Arm brokenArm =
          new Arm("with-mcp", Optional.of(McpConfig.load(broken)), MOCK_MODEL, codex(api));
      TestCase widget = TestJobs.testCase("widget", "Which class builds widgets?", "WidgetFactory");
      RunResult invalid = solver.solve(new Job(0, widget, brokenArm, 1));

      assertEquals(RunStatus.INVALID, invalid.status(), invalid.error());
      assertEquals(1, invalid.attempts(), "a server that cannot start is not worth a retry");
      // Why, in codex's own words, with the run's error; never in the answer box.
      assertTrue(
          invalid.error().startsWith("MCP server not connected: repo=failed; the agent's stderr: "),
          invalid.error());
      assertTrue(invalid.error().contains("No such file or directory"), invalid.error());
      assertNull(invalid.answer(), invalid.answer());
    }
  }

  /** The hang every agent gets is in {@link AgentContractIT}; codex alone retries a dead API. */
  @Test
  void timeoutKillsCodexReconnectingToADeadApiWithItsServersAndTheirHelpers() throws Exception {
    Path repo = RealParts.helloRepo(dir);
    Path mcpConfig =
        RealParts.mcpJson(
            dir,
            RealParts.server("repo", repo.toRealPath()),
            RealParts.serverWithHelper(dir, "indexer", repo.toRealPath()));
    Duration timeout = Duration.ofSeconds(20);
    ScriptedResponsesApi stand = ScriptedResponsesApi.start(r -> new Reply.Hang());
    stand.close(); // codex then reconnects forever: "Reconnecting... waiting for network"
    try (stand;
        AgentSolver solver =
            new AgentSolver(
                options(repo, timeout),
                dir.resolve("out"),
                processes.tag(new HashMap<>(System.getenv())))) {
      Arm withMcp =
          new Arm("with-mcp", Optional.of(McpConfig.load(mcpConfig)), MOCK_MODEL, codex(stand));
      TestCase question = TestJobs.testCase("hang", "What does README say?", "hello");
      CompletableFuture<RunResult> run =
          CompletableFuture.supplyAsync(
              () -> solver.solve(new Job(0, question, withMcp, 1)),
              task -> Thread.ofVirtual().start(task));

      processes.awaitInFlight(
          repo,
          now ->
              running(now, "codex") >= 1
                  && running(now, RealParts.MCP_PROGRAM) == 2
                  && running(now, RealParts.HELPER_PROGRAM) == 1,
          timeout.minusSeconds(2));
      RunResult result = run.get(timeout.plusMinutes(1).toSeconds(), TimeUnit.SECONDS);

      assertEquals(RunStatus.TIMEOUT, result.status(), result.error());
      assertEquals(List.of(), processes.alive(), "alive after the timeout");
    }
  }

  /** Codex at the stand-in: its provider and key given as a user gives them, in args and env. */
  private static AgentSpec codex(ScriptedResponsesApi api) {
    return new AgentSpec(
        "codex",
        Optional.of(RealParts.CODEX.toString()),
        api.codexArgs(KEY_VARIABLE, 0),
        Map.of(KEY_VARIABLE, PLANTED_KEY));
  }

  private static Arm baseline(ScriptedResponsesApi api) {
    return new Arm("without-mcp", Optional.empty(), MOCK_MODEL, codex(api));
  }

  private static AgentOptions options(Path repo, Duration timeout) {
    return RealParts.claudeOptions(repo, Optional.empty(), timeout);
  }

  /** The four arms: Claude Code at the test's environment, codex at {@code api}; mock models. */
  private static String variants(ScriptedResponsesApi api, Path mcp) {
    return ScriptedAgentApis.fourArms(
        Map.of("agent", "claude"),
        ScriptedAgentApis.codexArm(api, RealParts.CODEX.toString(), PLANTED_KEY),
        mcp);
  }

  /** Reads the widget source: with the MCP server's tool when offered, else with codex's shell. */
  static Reply codexReply(JsonNode request, Path source) {
    if (ScriptedResponsesApi.endsWithToolOutput(request)) {
      return new Reply.Text(
          "ANSWER from src/Widget.java: " + ScriptedResponsesApi.lastToolOutput(request));
    }
    if (ScriptedResponsesApi.offeredToolNames(request).contains("mcp__repo__read_text_file")) {
      return new Reply.ToolUse(
          "mcp__repo__read_text_file",
          JsonNodeFactory.instance.objectNode().put("path", source.toString()));
    }
    return new Reply.ToolUse(
        "exec_command", JsonNodeFactory.instance.objectNode().put("cmd", "cat src/Widget.java"));
  }

  /** As {@link #codexReply}, for Claude Code: the MCP tool, else the built-in {@code Read}. */
  static Reply claudeReply(JsonNode request, Path source) {
    Optional<Reply> noCall =
        ScriptedMessagesApi.withoutToolCall(request, "ANSWER from src/Widget.java: ");
    if (noCall.isPresent()) {
      return noCall.get();
    }
    List<String> tools = ScriptedMessagesApi.offeredToolNames(request);
    var input = JsonNodeFactory.instance.objectNode();
    if (tools.contains("mcp__repo__read_text_file")) {
      input.put("path", source.toString());
      return new Reply.ToolUse("mcp__repo__read_text_file", input);
    }
    input.put("file_path", source.toString());
    return new Reply.ToolUse("Read", input);
  }
}
