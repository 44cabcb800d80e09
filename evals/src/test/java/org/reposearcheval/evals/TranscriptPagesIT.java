package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.transcript.TranscriptPages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The transcript pages of a whole evaluation with real parts (the pinned Claude Code CLI and a real
 * {@code server-filesystem}, against a scripted Messages API), rendered in headless Chromium. The
 * scripted model reads the source with the server's {@code read_text_file} when MCP is offered and
 * with the built-in {@code Read} otherwise, and answers in words of its arm. The screenshots
 * ({@code case.png}, {@code run.png}) and the case page's column heads ({@code header.txt}) stay in
 * {@code target/transcript-pages/} for a person to look at.
 */
class TranscriptPagesIT {
  private static final Path KEPT = Path.of("target/transcript-pages").toAbsolutePath();
  private static final String VIA_MCP = "Read through the MCP server: WidgetFactory builds them.";
  private static final String VIA_READ = "Read with the built-in tool: WidgetFactory builds them.";
  private static final String MCP_READ = "mcp__repo__read_text_file";
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 1600;

  @TempDir Path dir;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void bothArmsAnswersAndTheirToolCallsShowOnTheRenderedPages() throws Exception {
    RenderedRun pages = RenderedRun.prepare(dir, KEPT);
    Path source = pages.suite().source();
    Report report =
        RealSuites.claudeInBothArms(
            pages.suite(),
            request -> reply(request, source),
            "sk-ant-it-transcript-pages",
            pages.out());
    for (RunResult r : report.rawResults()) {
      assertEquals(RunStatus.PASSED, r.status(), r.arm() + ": " + r.error());
    }
    RunResult withMcp = run(report, Arm.WITH_MCP);
    assertEquals(Map.of(MCP_READ, 1), withMcp.toolCalls().byName());
    assertEquals(Map.of("Read", 1), run(report, Arm.WITHOUT_MCP).toolCalls().byName());

    HeadlessChromium chromium = new HeadlessChromium(KEPT);
    Path casePage = pages.casePage();
    Path runPage = pages.out().resolve(TranscriptPages.runPage(withMcp));
    for (var page : Map.of(casePage, "case.png", runPage, "run.png").entrySet()) {
      pages.assertRendered(chromium, page.getKey(), page.getValue(), WIDTH, HEIGHT);
    }

    String caseDom = chromium.dumpDom(casePage);
    String caseText = text(caseDom);
    assertTrue(caseText.contains(VIA_MCP), caseText);
    assertTrue(caseText.contains(VIA_READ), caseText);
    assertTrue(caseText.contains("MCP repo · read_text_file"), caseText);
    assertTrue(caseText.contains("built-in Read"), caseText);
    List<String> header = headerRows(caseDom);
    Files.writeString(KEPT.resolve("header.txt"), String.join("\n", header) + "\n");
    assertEquals(2, header.size(), header.toString());
    assertTrue(header.get(0).startsWith("with-mcp · run 1 | verdict ✓ passed"), header.get(0));
    assertTrue(header.get(0).contains("| tool calls 1 (1 MCP / 0 built-in) |"), header.get(0));
    assertTrue(header.get(1).startsWith("without-mcp · run 1 | verdict ✓ passed"), header.get(1));
    assertTrue(header.get(1).contains("| tool calls 1 (0 MCP / 1 built-in) |"), header.get(1));

    String runText = text(chromium.dumpDom(runPage));
    assertTrue(runText.contains(VIA_MCP), runText);
    assertTrue(runText.contains("MCP repo · read_text_file"), runText);
    assertTrue(runText.contains("repo (connected)"), runText);
  }

  private static RunResult run(Report report, String arm) {
    return report.rawResults().stream().filter(r -> r.arm().equals(arm)).findFirst().orElseThrow();
  }

  /**
   * The case page's column heads, an arm's a line: {@code with-mcp · run 1 | verdict ✓ passed |
   * turns 2 | tool calls … | tokens … | cost … | duration …}.
   */
  private static List<String> headerRows(String dom) {
    String head = dom.substring(dom.indexOf("class=\"side\""));
    head = head.substring(0, head.indexOf("</thead>"));
    Matcher column = Pattern.compile("(?s)<th><a [^>]*>(.*?)</a>(.*?)</th>").matcher(head);
    List<String> rows = new ArrayList<>();
    while (column.find()) {
      StringBuilder row = new StringBuilder(text(column.group(1)));
      Matcher figure =
          Pattern.compile("(?s)<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>").matcher(column.group(2));
      while (figure.find()) {
        row.append(" | ").append(text(figure.group(1))).append(' ').append(text(figure.group(2)));
      }
      rows.add(row.toString());
    }
    return rows;
  }

  /** The text a reader sees: tags dropped, entities resolved, white space collapsed. */
  private static String text(String html) {
    return html.replaceAll("(?s)<style.*?</style>", " ")
        .replaceAll("<[^>]+>", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replaceAll("\\s+", " ")
        .strip();
  }

  /**
   * The scripted model. Side requests (no tools) get "ok". The first turn reads the source with the
   * server's {@code read_text_file} when it is offered, else with {@code Read}; the second answers
   * in the words of its arm.
   */
  private static Reply reply(JsonNode request, Path source) {
    List<String> tools = ScriptedMessagesApi.offeredToolNames(request);
    if (tools.isEmpty()) {
      return new Reply.Text("ok");
    }
    boolean mcp = tools.contains(MCP_READ);
    if (ScriptedMessagesApi.lastUserMessageHasToolResult(request)) {
      return new Reply.Text(mcp ? VIA_MCP : VIA_READ);
    }
    var input = JsonNodeFactory.instance.objectNode();
    input.put(mcp ? "path" : "file_path", source.toString());
    return new Reply.ToolUse(mcp ? MCP_READ : "Read", input);
  }
}
