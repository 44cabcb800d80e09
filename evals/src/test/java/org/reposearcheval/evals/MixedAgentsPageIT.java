package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The side-by-side page of one case run by four pinned CLIs (a variants file: Claude Code, Codex,
 * Gemini CLI and OpenCode, each with the real server-filesystem, each against its scripted API),
 * rendered in headless Chromium: every column shows its turns, the first the MCP call (server ·
 * tool) with its result, the second the answer, on the same rows. The screenshot ({@code
 * mixed-case.png}) stays in {@code target/mixed-agents-page/} for a person to look at.
 */
class MixedAgentsPageIT extends RealCliTestBase {
  private static final Path KEPT = Path.of("target/mixed-agents-page").toAbsolutePath();
  private static final String KEY = "sk-mixed-agents-page-not-a-real-key";
  private static final String CODEX_KEY = "SCRIPTED_RESPONSES_KEY";
  private static final List<String> ARMS = List.of("claude", "codex", "gemini", "opencode");
  private static final int WIDTH = 1600;
  private static final int HEIGHT = 1200;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void fourAgentsColumnsShowTheirTurnsAlignedOnTheRenderedCasePage() throws Exception {
    RenderedRun pages = RenderedRun.prepare(dir, KEPT);
    RealParts.WidgetSuite suite = pages.suite();
    Path source = suite.source();

    Report report;
    try (ScriptedMessagesApi messages = ScriptedMessagesApi.start(r -> messages(r, source));
        ScriptedResponsesApi responses =
            ScriptedResponsesApi.start(r -> WidgetReader.CODEX.reply(r, source));
        ScriptedGeminiApi gemini =
            ScriptedGeminiApi.start(r -> WidgetReader.GEMINI.reply(r, source))) {
      Map<String, String> env = new HashMap<>(messages.environment(KEY, 1));
      env.putAll(gemini.environment(KEY));
      env.put(CODEX_KEY, KEY);
      env = processes.tag(env);
      Path variants = dir.resolve("variants.json");
      Files.writeString(variants, variants(responses, suite.mcpConfig()));
      EvalSettings settings =
          RealSuites.bothArms(
              suite.cases(),
              suite.mcpConfig(),
              Optional.of(variants),
              RealSuites.claude(suite.repo()),
              new PerRun(RealSuites.twoMinutes()));
      report = RealSuites.run(settings, pages.out(), env).report();
      assertTrue(messages.failures().isEmpty(), messages.failures().toString());
      assertTrue(responses.failures().isEmpty(), responses.failures().toString());
      assertTrue(gemini.failures().isEmpty(), gemini.failures().toString());
    }
    assertEquals(4, report.rawResults().size());
    for (RunResult r : report.rawResults()) {
      assertEquals(RunStatus.PASSED, r.status(), r.arm() + ": " + r.error());
      assertEquals(1, r.toolCalls().mcp(), r.arm() + " called the server once");
    }

    HeadlessChromium chromium = new HeadlessChromium(KEPT);
    Path casePage = pages.casePage();
    pages.assertRendered(chromium, casePage, "mixed-case.png", WIDTH, HEIGHT);

    String dom = chromium.dumpDom(casePage);
    List<String> first = RealParts.cells(dom, "turn 1");
    List<String> second = RealParts.cells(dom, "turn 2");
    assertEquals(4, first.size(), "a column per agent: " + first);
    assertEquals(4, second.size(), "a column per agent: " + second);
    for (int i = 0; i < 4; i++) {
      assertTrue(
          first.get(i).contains("<span class=\"tag mcp\">MCP</span> repo · <b>read_text_file</b>"),
          "column " + i + ": " + first.get(i));
      assertTrue(first.get(i).contains("builds widgets"), "column " + i + ": " + first.get(i));
      assertTrue(
          second.get(i).contains("ANSWER from src/Widget.java"),
          "column " + i + ": " + second.get(i));
    }
    for (String agent : List.of("Claude Code", "Codex CLI", "Gemini CLI", "OpenCode")) {
      assertTrue(dom.contains("<span class=\"muted\">" + agent + "</span>"), agent);
    }
  }

  /** Four arms, each with the server: Claude Code the baseline, the others at their stand-ins. */
  private static String variants(ScriptedResponsesApi responses, Path mcp) {
    String config = mcp.toString();
    return Json.COMPACT.writeValueAsString(
        Map.of(
            "baseline",
            ARMS.getFirst(),
            "variants",
            List.of(
                Map.of("name", "claude", "agent", "claude", "mcpConfig", config),
                Map.of(
                    "name",
                    "codex",
                    "agent",
                    "codex",
                    "command",
                    RealParts.CODEX.toString(),
                    "model",
                    "mock-model",
                    "args",
                    responses.codexArgs(CODEX_KEY, 0),
                    "mcpConfig",
                    config),
                Map.of(
                    "name", "gemini",
                    "agent", "gemini",
                    "command", RealParts.GEMINI.toString(),
                    "model", "gemini-2.5-flash",
                    "mcpConfig", config),
                Map.of(
                    "name",
                    "opencode",
                    "agent",
                    "opencode",
                    "command",
                    RealParts.OPENCODE.toString(),
                    "model",
                    OpenCodeParts.MODEL,
                    "mcpConfig",
                    config))));
  }

  /**
   * Claude Code's and OpenCode's model (both speak the Messages API): read the source with the
   * server's tool, as each names it, then answer with what it read; side requests get "ok".
   */
  private static Reply messages(JsonNode request, Path source) {
    if (ScriptedMessagesApi.lastUserMessageHasToolResult(request)) {
      return new Reply.Text(WidgetReader.ANSWER + ScriptedMessagesApi.lastToolResultText(request));
    }
    List<String> tools = ScriptedMessagesApi.offeredToolNames(request);
    var input = JsonNodeFactory.instance.objectNode().put("path", source.toString());
    for (String tool : List.of("mcp__repo__read_text_file", "repo_read_text_file")) {
      if (tools.contains(tool)) {
        return new Reply.ToolUse(tool, input);
      }
    }
    return new Reply.Text("ok");
  }
}
