package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Shard;
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
    Path repo = Files.createDirectories(dir.resolve("repo"));
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
          () -> calls.toString());
      assertNoFileContains(out, PLANTED_TOKEN);
      assertEquals(List.of(), processes.alive(), "processes outlived the evaluation");
    }
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
