package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The pinned Claude Code CLI, against a scripted Messages API, calls the tool of an MCP server that
 * answers only from the index its prepare step built in the checkout ({@code
 * src/test/mcp/indexing-server.js}): the harness prepared the checkout before the run, and the CLI
 * was handed a config it accepts, without the step.
 */
class PreparedServerIT extends RealCliTestBase {

  @Test
  void claudeCodeAsksThePreparedServerAndGetsItsAnswerFromTheIndex() throws Exception {
    Path repo = GitRepos.init(dir.resolve("widgets"));
    String commit =
        GitRepos.commit(
            repo, Map.of("src/Widget.java", "\n\nfinal class WidgetFactory {}\n"), "one");
    Path cases = Files.createDirectories(dir.resolve("cases"));
    Files.writeString(
        cases.resolve("where.json"),
        """
        {"id": "where", "prompt": "Where is WidgetFactory declared?", "repo": "../widgets",
         "commit": "%s", "expect": {"contains": ["src/Widget.java:3 (from the index)"]},
         "derived": ["src/Widget.java:3 (from the index)"]}
        """
            .formatted(commit));
    Path indexState = Files.createDirectories(dir.resolve("index-state"));
    Path mcpConfig =
        Files.writeString(
            cases.resolve("mcp.json"),
            """
            {"mcpServers": {"index": {
              "command": "%1$s", "args": ["serve", "${REPO}"], "env": {"INDEX_STATE": "%2$s"},
              "prepare": {"command": "%1$s", "args": ["index", "${REPO}"]}
            }}}
            """
                .formatted(PrepareStepTest.INDEXER, indexState));

    try (ScriptedMessagesApi api =
        ScriptedMessagesApi.start(PreparedServerIT::askTheIndexedServer)) {
      Map<String, String> env = processes.tag(api.environment("sk-ant-it-0123456789abcdef", 1));
      EvalSettings settings = RealSuites.pinnedWithMcp(cases, mcpConfig, dir, 2, 1);

      Report report = RealSuites.run(settings, dir.resolve("out"), env).report();

      assertTrue(api.failures().isEmpty(), api.failures().toString());
      for (RunResult r : report.rawResults()) {
        assertEquals(RunStatus.PASSED, r.status(), r.error() + " " + r.answer());
        assertEquals(List.of(new McpServer("index", "connected")), r.mcpServers());
        assertEquals(
            1, r.toolCalls().byName().get("mcp__index__find_symbol"), r.toolCalls().toString());
      }
      assertEquals(1, Files.readAllLines(indexState.resolve("indexed")).size(), "prepared once");
      Preparation prepared = report.timing().preparations().getFirst();
      assertEquals(Preparation.PREPARED, prepared.status());
      assertEquals(List.of(), processes.alive(), "processes outlived the evaluation");
    }
  }

  /** The model asks the server where the class is, and answers with what the server said. */
  private static Reply askTheIndexedServer(JsonNode request) {
    if (!ScriptedMessagesApi.offeredToolNames(request).contains("mcp__index__find_symbol")) {
      return new Reply.Text("ok");
    }
    if (!ScriptedMessagesApi.lastUserMessageHasToolResult(request)) {
      var input = JsonNodeFactory.instance.objectNode().put("name", "WidgetFactory");
      return new Reply.ToolUse("mcp__index__find_symbol", input);
    }
    return new Reply.Text("ANSWER: " + ScriptedMessagesApi.lastToolResultText(request));
  }
}
