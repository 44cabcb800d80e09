package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.ClaudeCodeSolver;
import org.reposearcheval.evals.agent.ProcessTree;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.Shard;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The whole path with real parts: the pinned Claude Code CLI and a real
 * {@code @modelcontextprotocol/server-filesystem}, against a scripted Messages API on 127.0.0.1.
 * Only the remote model is a stand-in. The model's script reads a file with the MCP server's tool
 * when one is offered and with the built-in {@code Read} otherwise, and answers with what it read.
 */
class ClaudeCodeIT {
  private static final String CLAUDE =
      System.getProperty("it.claude", "src/it/node_modules/.bin/claude");
  private static final String MCP_SERVER =
      System.getProperty("it.mcpFilesystem", "src/it/node_modules/.bin/mcp-server-filesystem");
  private static final String PLANTED_KEY = "sk-ant-it-planted-secret-0123456789";

  @TempDir Path dir;

  @Test
  void withMcpArmUsesTheConnectedServerAndTheBaselineSeesNoServerAtAll() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = Files.createDirectories(repo.resolve("src")).resolve("Widget.java");
    Files.writeString(source, "final class WidgetFactory { /* builds widgets */ }\n");
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
            .formatted(Path.of(MCP_SERVER).toAbsolutePath(), repo.toRealPath()));

    try (ScriptedMessagesApi api = ScriptedMessagesApi.start(request -> reply(request, source))) {
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("ANTHROPIC_BASE_URL", api.baseUrl());
      env.put("ANTHROPIC_API_KEY", PLANTED_KEY);
      env.put("CLAUDE_CODE_MAX_RETRIES", "1");
      Path out = dir.resolve("out");
      EvalSettings settings =
          new EvalSettings(
              cases,
              java.util.Set.of(),
              Shard.ALL,
              mcpConfig,
              Optional.empty(),
              repo,
              Path.of(CLAUDE).toAbsolutePath().toString(),
              List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP),
              1,
              2,
              Duration.ofMinutes(2),
              Optional.empty(),
              Optional.empty(),
              out,
              EvalSettings.Policy.DEFAULTS);

      Evaluation.Outcome outcome =
          Evaluation.run(settings, env, RunListener.NONE, new RunControl());

      assertTrue(api.failures().isEmpty(), api.failures().toString());
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
          results.stream().map(r -> r.caseId() + " " + r.mode()).toList());
      for (RunResult r : results) {
        assertEquals(RunStatus.PASSED, r.status(), r.caseId() + " " + r.mode() + ": " + r.error());
        assertTrue(Files.isRegularFile(out.resolve(r.transcript())));
        if (r.mode().equals(Arm.WITH_MCP)) {
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
      assertEquals(1.0, report.summary().byMode().get("with-mcp").passRate());
      assertEquals(1.0, report.summary().byMode().get("without-mcp").meanToolCalls());
      // The baseline's requests offered the model no MCP tool at all.
      assertTrue(api.requests().stream().anyMatch(r -> hasMcpTools(r)));
      assertTrue(
          api.requests().stream()
              .anyMatch(
                  r -> !hasMcpTools(r) && !ScriptedMessagesApi.offeredToolNames(r).isEmpty()));
      assertNoFileContains(out, PLANTED_KEY);
      assertTrue(ProcessTree.marked("any").isEmpty());
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
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("ANTHROPIC_BASE_URL", api.baseUrl());
      env.put("ANTHROPIC_API_KEY", PLANTED_KEY);
      env.put("CLAUDE_CODE_MAX_RETRIES", "0");
      AgentOptions options =
          new AgentOptions(
              Path.of(CLAUDE).toAbsolutePath().toString(),
              repo,
              Optional.empty(),
              Optional.empty(),
              Duration.ofMinutes(2));
      AdaptiveLimit limit = new AdaptiveLimit(4);
      ClaudeCodeSolver solver =
          new ClaudeCodeSolver(
              options,
              dir.resolve("out"),
              env,
              new ClaudeCodeSolver.Retries(2, Duration.ofMillis(50), limit, MemoryFloor.NONE));

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
      solver.close();
    }
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
