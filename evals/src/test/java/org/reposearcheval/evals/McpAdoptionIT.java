package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Adoption;
import org.reposearcheval.evals.suite.Arm;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * MCP adoption with real parts: the pinned Claude Code CLI and a real {@code server-filesystem},
 * against a scripted Messages API. In one case the scripted model answers without calling any tool,
 * also when MCP is offered; in the other it reads the file with the built-in {@code Read} first and
 * then, when offered, with the server's {@code read_text_file}. The report's MCP adoption section
 * and its report.html are kept in {@code target/mcp-adoption/} for a person to read.
 */
class McpAdoptionIT {
  private static final Path KEPT = Path.of("target/mcp-adoption").toAbsolutePath();
  private static final String FROM_MEMORY = "Without looking at any file";

  @TempDir Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aWithMcpRunThatAnswersWithoutCallingTheServerIsListedAsOfferedNotUsed() throws Exception {
    RealParts.WidgetSuite suite =
        RealParts.widgetSuite(dir, "repo")
            .withCase("read-the-source", "Which class builds widgets? Read the source.")
            .withCase("from-memory", FROM_MEMORY + ": which class builds widgets?");
    Path out = dir.resolve("out");

    Report report =
        RealSuites.claudeInBothArms(
            suite, request -> reply(request, suite.source()), "sk-ant-it-adoption", out);

    for (RunResult r : report.rawResults()) {
      assertEquals(RunStatus.PASSED, r.status(), r.caseId() + " " + r.arm() + ": " + r.error());
    }
    RunResult notUsed = run(report, "from-memory", Arm.WITH_MCP);
    RunResult used = run(report, "read-the-source", Arm.WITH_MCP);
    // The init event offered the server's tools to both with-MCP runs.
    List<String> offered = used.mcpUse().offeredTools();
    assertTrue(offered.size() >= 10, offered.toString());
    assertTrue(
        offered.containsAll(List.of("mcp__repo__read_text_file", "mcp__repo__search_files")));
    assertEquals(new McpUse(offered, null), notUsed.mcpUse());
    // Turn 1 called Read, turn 2 the server: one turn before the first MCP call.
    assertEquals(new McpUse(offered, 1), used.mcpUse());
    assertEquals(Map.of("Read", 1, "mcp__repo__read_text_file", 1), used.toolCalls().byName());
    assertEquals(new McpUse(List.of(), null), run(report, "from-memory", "without-mcp").mcpUse());

    assertEquals(List.of(Arm.WITH_MCP), List.copyOf(report.adoption().byArm().keySet()));
    Adoption.ArmAdoption arm = report.adoption().byArm().get(Arm.WITH_MCP);
    // 1 used, 1 not: 50% not used, more than a quarter.
    assertEquals(new Adoption.Use(1, 1, 0, 0.5, 1.0), arm.runs());
    assertNotNull(arm.warning());
    assertEquals(
        List.of(new Adoption.RunRef(notUsed.index(), "from-memory", 1, RunStatus.PASSED)),
        arm.offeredNotUsed());
    List<String> neverCalled = new ArrayList<>(offered);
    neverCalled.remove("mcp__repo__read_text_file");
    assertEquals(
        new Adoption.Tools(
            offered.stream().sorted().toList(), neverCalled.stream().sorted().toList()),
        arm.tools());

    String md = Files.readString(out.resolve(ReportWriter.MARKDOWN));
    String section = md.substring(md.indexOf("## MCP adoption"), md.indexOf("## By case"));
    assertTrue(section.contains("| called an MCP tool | 1 of 2 (50%) |"), section);
    assertTrue(section.contains("> ⚠️ **Warning:** " + arm.warning() + "."), section);
    assertTrue(
        section.contains(
            "| "
                + notUsed.index()
                + " | from-memory | with-mcp | 1 | passed |"
                + " [page](pages/with-mcp/from-memory-1.html) · [jsonl]("
                + notUsed.transcript()
                + ") |"),
        section);
    assertTrue(section.contains("`mcp__repo__directory_tree`"), section);
    assertFalse(section.contains("`mcp__repo__read_text_file`"), section);
    String junit = Files.readString(out.resolve(ReportWriter.JUNIT));
    assertTrue(
        junit.matches(
            "(?s).*<testcase classname=\"with-mcp\" name=\"from-memory #1\"[^>]*>"
                + "<system-out>MCP offered, not used\n.*"),
        junit);
    assertTrue(
        Files.readString(out.resolve(ReportWriter.HTML))
            .contains("<tr class=\"not-used\"><td class=\"id\">from-memory</td>"));

    Files.createDirectories(KEPT);
    Files.writeString(KEPT.resolve("adoption-section.md"), section);
    Files.copy(
        out.resolve(ReportWriter.HTML),
        KEPT.resolve(ReportWriter.HTML),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static RunResult run(Report report, String caseId, String mode) {
    return report.rawResults().stream()
        .filter(r -> r.caseId().equals(caseId) && r.arm().equals(mode))
        .findFirst()
        .orElseThrow();
  }

  /**
   * The scripted model. Side requests (no tools) get "ok". The from-memory question is answered at
   * once; the other reads the file with {@code Read}, then with the server's {@code read_text_file}
   * when it is offered, then answers with what it read.
   */
  private static Reply reply(JsonNode request, Path source) {
    List<String> tools = ScriptedMessagesApi.offeredToolNames(request);
    if (tools.isEmpty()) {
      return new Reply.Text("ok");
    }
    if (ScriptedMessagesApi.firstUserText(request).contains(FROM_MEMORY)) {
      return new Reply.Text("WidgetFactory builds the widgets, I recall.");
    }
    var input = JsonNodeFactory.instance.objectNode();
    long toolResults =
        request.path("messages").values().stream()
            .filter(m -> "user".equals(m.path("role").asString()))
            .flatMap(m -> m.path("content").values().stream())
            .filter(b -> "tool_result".equals(b.path("type").asString()))
            .count();
    if (toolResults == 0) {
      input.put("file_path", source.toString());
      return new Reply.ToolUse("Read", input);
    }
    if (toolResults == 1 && tools.contains("mcp__repo__read_text_file")) {
      input.put("path", source.toString());
      return new Reply.ToolUse("mcp__repo__read_text_file", input);
    }
    return new Reply.Text(
        "ANSWER from src/Widget.java: " + ScriptedMessagesApi.lastToolResultText(request));
  }
}
