package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Adoption;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.util.Json;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** MCP adoption in report.json, report.md, report.html and junit.xml, and in older files. */
class AdoptionReportTest {
  private static final List<String> TOOLS =
      List.of("mcp__repo__directory_tree", "mcp__repo__read_text_file", "mcp__repo__search_files");

  /**
   * Four cases in both arms; with MCP, a and b called search_files (1 and 0 turns before), c
   * (passed) and d (failed) never called an MCP tool: 2 of 4 not used = 50%, more than a quarter.
   * Indices: a 0/1, b 2/3, c 4/5, d 6/7 (with-mcp/without-mcp).
   */
  private static final String WARNING =
      "2 of 4 with-mcp runs (50%) were offered MCP and never called an MCP tool: more than a"
          + " quarter, so comparing with-mcp with the baseline measures MCP being offered more than"
          + " MCP being used";

  @TempDir Path dir;

  @Test
  void everyFormatListsTheRunsOfferedMcpAndNotUsedAndSaysTheWarning() throws Exception {
    Report report = sample(1, 0, null, null);
    ReportWriter.write(report, dir);

    JsonNode json = Json.MAPPER.readTree(dir.resolve(ReportWriter.JSON).toFile());
    JsonNode arm = json.path("adoption").path("byMode").path(Arm.WITH_MCP);
    // Used: a, b; turns before their first call 1 and 0 → median 0.5.
    assertEquals(
        Json.MAPPER.readTree(
            "{\"used\":2,\"notUsed\":2,\"unknown\":0,\"usedShare\":0.5,"
                + "\"medianTurnsBeforeFirstCall\":0.5}"),
        arm.path("runs"));
    assertEquals(WARNING, arm.path("warning").asString());
    assertEquals(
        Json.MAPPER.readTree(
            "[{\"index\":4,\"caseId\":\"c\",\"run\":1,\"status\":\"passed\"},"
                + "{\"index\":6,\"caseId\":\"d\",\"run\":1,\"status\":\"failed\"}]"),
        arm.path("offeredNotUsed"));
    assertEquals(
        List.of("mcp__repo__directory_tree", "mcp__repo__read_text_file"),
        arm.path("tools").path("neverCalled").values().stream().map(JsonNode::asString).toList());
    assertEquals(1, arm.path("byCase").path("a").path("medianTurnsBeforeFirstCall").asInt());
    assertTrue(json.path("adoption").path("byMode").path(Arm.WITHOUT_MCP).isMissingNode());
    assertEquals(
        Json.MAPPER.readTree(
            "{\"offeredTools\":"
                + Json.MAPPER.writeValueAsString(TOOLS)
                + ","
                + "\"turnsBeforeFirstCall\":1}"),
        json.path("rawResults").path(0).path("mcpUse"));
    assertEquals(report, ReportFiles.read(dir.resolve(ReportWriter.JSON)));

    String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
    assertTrue(md.indexOf("## MCP adoption") < md.indexOf("## By case"), md);
    assertContains(
        md,
        "| called an MCP tool | 2 of 4 (50%) |",
        "| MCP offered, not used | 2 |",
        "| turns before the first MCP call (median) | 0.5 |",
        "| server tools never called | 2 of 3 |",
        "\n> ⚠️ **Warning:** " + WARNING + ".\n",
        "Never called by with-mcp: `mcp__repo__directory_tree`, `mcp__repo__read_text_file`.",
        "### MCP offered, not used",
        "| 4 | c | with-mcp | 1 | passed | [page](pages/with-mcp/c-1.html) ·"
            + " [jsonl](transcripts/with-mcp/c-1.jsonl) |",
        "| 6 | d | with-mcp | 1 | failed |",
        "| a | 1 of 1 (100%) · 1 turn before the first call |",
        "| c | 0 of 1 (0%) |");

    String html = Files.readString(dir.resolve(ReportWriter.HTML));
    assertContains(
        html,
        "<p class=\"warn\"><span class=\"badge\">warning</span>" + Html.escape(WARNING) + ".</p>",
        "<h3>MCP offered, not used</h3>",
        "<tr class=\"not-used\"><td class=\"id\">c</td>",
        "<tr class=\"not-used\"><td class=\"id\">d</td>");
    assertLacks(html, "<tr class=\"not-used\"><td class=\"id\">a</td>");

    Document xml = parse(Files.readString(dir.resolve(ReportWriter.JUNIT)));
    assertEquals(
        List.of("with-mcp c #1", "with-mcp d #1"),
        testCases(xml).stream()
            .filter(c -> systemOut(c).contains("MCP offered, not used"))
            .map(c -> c.getAttribute("classname") + " " + c.getAttribute("name"))
            .toList());
    assertEquals(
        "MCP offered, not used\ntranscript: transcripts/with-mcp/c-1.jsonl",
        systemOut(testCases(xml).get(2)));
    assertEquals(WARNING, suiteProperty(xml, Arm.WITH_MCP, "mcpAdoptionWarning"));
    assertEquals("2 of 4 (50%)", suiteProperty(xml, Arm.WITH_MCP, "mcpCalledAnMcpTool"));
    assertEquals("2", suiteProperty(xml, Arm.WITH_MCP, "mcpOfferedNotUsed"));
    assertNull(suiteProperty(xml, Arm.WITHOUT_MCP, "mcpCalledAnMcpTool"));
  }

  @Test
  void aQuarterNotUsedIsListedButNoFormatWarns() throws Exception {
    // d is the only run without an MCP call: 1 of 4 = 25%, not more than a quarter.
    ReportWriter.write(sample(1, 0, 2, null), dir);

    String json = Files.readString(dir.resolve(ReportWriter.JSON));
    String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
    String html = Files.readString(dir.resolve(ReportWriter.HTML));
    Document xml = parse(Files.readString(dir.resolve(ReportWriter.JUNIT)));

    assertTrue(Json.MAPPER.readTree(json).at("/adoption/byMode/with-mcp/warning").isNull(), json);
    assertTrue(md.contains("| 6 | d | with-mcp | 1 | failed |"), md);
    assertLacks(md, "Warning");
    assertLacks(html, "class=\"warn\"");
    assertNull(suiteProperty(xml, Arm.WITH_MCP, "mcpAdoptionWarning"));
    assertEquals("1", suiteProperty(xml, Arm.WITH_MCP, "mcpOfferedNotUsed"));
  }

  @Test
  void anOldReportWithoutMcpUseSaysUnknownNotNotUsed() throws Exception {
    ReportWriter.write(sample(1, 0, null, null), dir);
    Path file = dir.resolve(ReportWriter.JSON);
    ObjectNode old = (ObjectNode) Json.MAPPER.readTree(file.toFile());
    old.remove("adoption");
    old.path("rawResults").values().forEach(r -> ((ObjectNode) r).remove("mcpUse"));
    Files.writeString(file, Json.MAPPER.writeValueAsString(old));

    Report loaded = ReportFiles.read(file);
    Report rendered = ReportFiles.rerender(dir);

    // Four with-mcp verdicts, none of which recorded its MCP use.
    Adoption.ArmAdoption arm = rendered.adoption().byArm().get(Arm.WITH_MCP);
    assertEquals(new Adoption.Use(0, 0, 4, null, null), arm.runs());
    assertEquals(List.of(), arm.offeredNotUsed());
    assertNull(arm.warning());
    assertNull(arm.tools());
    assertEquals(rendered.adoption(), loaded.adoption(), "computed from the runs when read");
    String unknown =
        "MCP use unknown: no with-MCP run with a verdict recorded it (results written before MCP"
            + " use was measured). with-mcp: 4 unknown.";
    String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
    assertTrue(md.contains("## MCP adoption\n\n" + unknown + "\n"), md);
    assertLacks(md, "MCP offered, not used", "Warning");
    assertTrue(
        Files.readString(dir.resolve(ReportWriter.HTML)).contains(Html.escape(unknown)),
        "report.html says the same");
    assertFalse(
        Files.readString(dir.resolve(ReportWriter.JUNIT)).contains("MCP offered, not used"));
  }

  @Test
  void runsWithoutMcpUseAmongOthersAreCountedApart() throws Exception {
    ReportWriter.write(sample(1, 0, null, null), dir);
    Path file = dir.resolve(ReportWriter.JSON);
    ObjectNode mixed = (ObjectNode) Json.MAPPER.readTree(file.toFile());
    ((ObjectNode) mixed.path("rawResults").path(4)).remove("mcpUse");
    Files.writeString(file, Json.MAPPER.writeValueAsString(mixed));

    ReportFiles.rerender(dir);

    // c (index 4) is unknown: 2 used of 3 known (67%), d alone not used: 1 of 3 = 33% → warning.
    String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
    assertContains(
        md,
        "| called an MCP tool | 2 of 3 (67%) |",
        "| MCP offered, not used | 1 |",
        "| use unknown (recorded before it was measured) | 1 |",
        "**Warning:** 1 of 3 with-mcp runs (33%)",
        "| 6 | d | with-mcp |");
    assertLacks(md, "| 4 | c | with-mcp |");
    assertTrue(md.contains("| c | unknown |"), md);
  }

  @Test
  void rerenderRecomputesAdoptionFromTheRawResults() throws Exception {
    ReportWriter.write(sample(1, 0, null, null), dir);
    Path file = dir.resolve(ReportWriter.JSON);
    ObjectNode edited = (ObjectNode) Json.MAPPER.readTree(file.toFile());
    // c (index 4) now called an MCP tool 2 turns in; the stored adoption still says it did not.
    ((ObjectNode) edited.path("rawResults").path(4).path("mcpUse")).put("turnsBeforeFirstCall", 2);
    Files.writeString(file, Json.MAPPER.writeValueAsString(edited));

    Report rendered = ReportFiles.rerender(dir);

    // Used: a (1), b (0), c (2) → median 1; only d not used: 1 of 4, no warning.
    Adoption.ArmAdoption arm = rendered.adoption().byArm().get(Arm.WITH_MCP);
    assertEquals(new Adoption.Use(3, 1, 0, 0.75, 1.0), arm.runs());
    assertNull(arm.warning());
    assertFalse(Files.readString(dir.resolve(ReportWriter.MARKDOWN)).contains("Warning"));
    assertEquals(
        rendered.adoption(),
        ReportFiles.read(file).adoption(),
        "report.json was written with the recomputed adoption");
  }

  @Test
  void theJournalKeepsMcpUseAndReadsAnOlderLineAsUnknown() throws Exception {
    RunResult withUse = sample(1, 0, null, null).rawResults().get(4);
    try (Journal journal = Journal.open(dir)) {
      journal.append(withUse);
    }
    ObjectNode older = (ObjectNode) Json.COMPACT.valueToTree(withUse);
    older.remove("mcpUse");
    Files.writeString(
        dir.resolve(Journal.FILE),
        Json.COMPACT.writeValueAsString(older) + "\n",
        java.nio.file.StandardOpenOption.APPEND);

    List<RunResult> read = Journal.read(dir).results();

    assertEquals(withUse, read.get(0));
    assertEquals(new McpUse(TOOLS, null), read.get(0).mcpUse());
    assertNull(read.get(1).mcpUse());
    // A resumed run moves results to new places; they keep what they recorded.
    assertEquals(
        withUse.mcpUse(),
        withUse.with(withUse.key().withIndex(9)).with(withUse.outcome().withAttempts(2)).mcpUse());
  }

  /**
   * Cases a–d in both arms, every run passing but d (failed); each with-MCP run's turns before its
   * first MCP call, null for none.
   */
  private static Report sample(Integer a, Integer b, Integer c, Integer d) {
    List<RunResult> results = new ArrayList<>();
    String[] ids = {"a", "b", "c", "d"};
    Integer[] turns = {a, b, c, d};
    for (int i = 0; i < ids.length; i++) {
      RunStatus status = ids[i].equals("d") ? RunStatus.FAILED : RunStatus.PASSED;
      results.add(run(results.size(), ids[i], Arm.WITH_MCP, status, new McpUse(TOOLS, turns[i])));
      results.add(
          run(results.size(), ids[i], Arm.WITHOUT_MCP, status, new McpUse(List.of(), null)));
    }
    return SampleReports.report(results, List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1);
  }

  private static RunResult run(
      int index, String caseId, String mode, RunStatus status, McpUse use) {
    RunResultBuilder r =
        RunResultBuilder.result(caseId, mode)
            .index(index)
            .status(status)
            .failedExpectations(status == RunStatus.FAILED ? List.of("contains \"x\"") : List.of())
            .mcpUse(use);
    return (use.used() ? r.called("mcp__repo__search_files", "Read") : r.called("Read")).build();
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml)));
  }

  private static List<Element> testCases(Document xml) {
    NodeList nodes = xml.getElementsByTagName("testcase");
    List<Element> cases = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      cases.add((Element) nodes.item(i));
    }
    return cases;
  }

  private static String systemOut(Element testCase) {
    NodeList out = testCase.getElementsByTagName("system-out");
    return out.getLength() == 0 ? "" : out.item(0).getTextContent();
  }

  /** The value of a suite's property, or null when the suite has none by that name. */
  private static String suiteProperty(Document xml, String suite, String name) {
    NodeList suites = xml.getElementsByTagName("testsuite");
    for (int i = 0; i < suites.getLength(); i++) {
      Element s = (Element) suites.item(i);
      if (s.getAttribute("name").equals(suite)) {
        NodeList properties = s.getElementsByTagName("property");
        for (int j = 0; j < properties.getLength(); j++) {
          Element p = (Element) properties.item(j);
          if (p.getAttribute("name").equals(name)) {
            return p.getAttribute("value");
          }
        }
      }
    }
    return null;
  }
}
