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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.TestCase;

/**
 * The pinned OpenCode CLI through the harness, with a real {@code
 * @modelcontextprotocol/server-filesystem}, against the scripted Messages API on 127.0.0.1
 * (OpenCode's Anthropic provider). The environment gives {@code ANTHROPIC_BASE_URL} as Claude Code
 * takes it, without {@code /v1}: the adapter makes it OpenCode's. What every agent must do is in
 * {@link AgentContractIT}.
 */
class OpenCodeIT extends RealCliTestBase {
  @Test
  void withMcpArmCallsTheConnectedServerAndTheBaselineSeesNoServer() throws Exception {
    RealParts.WidgetSuite suite =
        RealParts.widgetSuite(dir, "repo").withCase("where-widget", "Which class builds widgets?");

    try (ScriptedMessagesApi api =
        ScriptedMessagesApi.start(request -> OpenCodeParts.reply(request, suite.source()))) {
      Map<String, String> env = processes.tag(api.environment(OpenCodeParts.PLANTED_KEY, 0));
      Path out = dir.resolve("out");
      EvalSettings settings =
          RealSuites.bothArms(
              suite, "opencode", RealParts.OPENCODE, Optional.of(OpenCodeParts.MODEL));

      Report report = RealSuites.run(settings, out, env).report();

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
      assertEquals(List.of(new McpServer("repo", "connected")), mcp.mcpServers());
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
      RealParts.assertNoFileContains(out, OpenCodeParts.PLANTED_KEY);
      assertEquals(List.of(), processes.alive(), "processes outlived the evaluation");
    }
  }

  @Test
  void aSignedInUsersKeyIsTheOneTheRunsGetAndTheLoginStaysIntact() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = RealParts.widgetRepo(repo);
    // A user signed in with `opencode auth login`: the only key the runs get.
    Path home = Files.createDirectories(dir.resolve("home"));
    Path auth = Files.createDirectories(home.resolve(".local/share/opencode")).resolve("auth.json");
    Files.writeString(
        auth,
        "{\"anthropic\": {\"type\": \"api\", \"key\": \"" + OpenCodeParts.PLANTED_KEY + "\"}}");
    try (ScriptedMessagesApi api =
        ScriptedMessagesApi.start(request -> OpenCodeParts.reply(request, source))) {
      Map<String, String> env = processes.tag(api.environment(OpenCodeParts.PLANTED_KEY, 0));
      env.remove("ANTHROPIC_API_KEY");
      env.remove("XDG_DATA_HOME");
      env.put("HOME", home.toString());
      RunResult baseline;
      try (AgentSolver solver =
          new AgentSolver(
              OpenCodeParts.options(repo, Duration.ofMinutes(2)), dir.resolve("out"), env)) {
        TestCase question =
            TestJobs.testCase("widget", "Which class builds widgets?", "WidgetFactory");
        baseline = solver.solve(new Job(0, question, Arm.withoutMcp(OpenCodeParts.OPENCODE), 1));
      }

      assertEquals(RunStatus.PASSED, baseline.status(), baseline.error());
      assertTrue(
          Files.readString(auth).contains(OpenCodeParts.PLANTED_KEY), "the user's login is intact");
      assertEquals(List.of(), processes.alive(), "processes outlived the run");
    }
  }
}
