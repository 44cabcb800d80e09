package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.agent.Binaries;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.TestCase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What only Claude Code does, with real parts: the pinned CLI and a real {@code
 * @modelcontextprotocol/server-filesystem}, against a scripted Messages API on 127.0.0.1. What
 * every agent must do (the MCP round trip, the baseline, retries, timeouts, writes, planted
 * servers) is in {@link AgentContractIT}.
 *
 * <p>Which processes a run left is seen in {@code /proc} ({@link LiveProcess}), never through the
 * harness's own bookkeeping: every process of a test's runs inherits the tag the test puts in the
 * harness's environment, and works in or names the test's directory.
 */
class ClaudeCodeIT extends RealCliTestBase {
  private static final String PLANTED_KEY = "sk-ant-it-planted-secret-0123456789";

  @Test
  void theRealCliTakesTheCapOnWhatOneRunMaySpend() throws Exception {
    Path repo = RealParts.helloRepo(dir);
    try (ScriptedMessagesApi api = ScriptedMessagesApi.start(request -> new Reply.Text("hello"))) {
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
  void aServerThatLeaksIntoEitherArmMakesTheRunInvalidAndIsNamed() throws Exception {
    Path repo = RealParts.helloRepo(dir);
    Path mcpConfig = RealParts.mcpJson(dir, RealParts.server("repo", repo.toRealPath()));
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

    try (ScriptedMessagesApi api = ScriptedMessagesApi.start(request -> new Reply.Text("hello"));
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
      assertTrue(mcp.mcpServers().contains(new McpServer("repo", "connected")));
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
      EvalSettings settings = RealSuites.pinnedWithMcp(cases, mcpConfig, dir, 1, 2);

      Evaluation.Outcome outcome = RealSuites.run(settings, out, env);

      assertTrue(api.failures().isEmpty(), api.failures().toString());
      Report report = outcome.report();
      for (RunResult r : report.rawResults()) {
        assertEquals(
            RunStatus.PASSED, r.status(), r.caseId() + ": " + r.error() + " " + r.answer());
        assertEquals(List.of(new McpServer("repo", "connected")), r.mcpServers());
        assertTrue(
            r.toolCalls().byName().containsKey("mcp__repo__list_directory"),
            r.toolCalls().toString());
      }
      assertTrue(report.rawResults().getFirst().answer().contains("alpha-only.txt"));
      assertTrue(report.rawResults().getLast().answer().contains("beta-only.txt"));
      assertEquals(alpha1, report.config().cases().get("in-alpha").commit());
      assertEquals(beta1, report.config().cases().get("in-beta").commit());
      RealParts.assertNoFileContains(out, PLANTED_KEY);
      assertEquals(List.of(), processes.alive(), "processes outlived the evaluation");
    }
  }

  /**
   * The model asks the server which directory it serves, lists it, and answers with the listing.
   */
  private static Reply listTheAllowedDirectory(JsonNode request) {
    List<String> tools = ScriptedMessagesApi.offeredToolNames(request);
    if (tools.isEmpty()) {
      return new Reply.Text("ok");
    }
    var input = JsonNodeFactory.instance.objectNode();
    if (!ScriptedMessagesApi.lastUserMessageHasToolResult(request)) {
      return new Reply.ToolUse("mcp__repo__list_allowed_directories", input);
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
      return new Reply.ToolUse("mcp__repo__list_directory", input);
    }
    return new Reply.Text("FILES: " + result);
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
}
