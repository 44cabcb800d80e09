package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Summary;
import org.reposearcheval.evals.score.TestResults;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.util.InvalidInputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Every report format, written from one sample report. */
class ReportWriterTest {
  @TempDir Path dir;

  @Test
  void writesEveryFormatAndNoTemporaryFiles() throws Exception {
    ReportWriter.write(SampleReports.twoArms(), dir);

    try (var files = Files.list(dir)) {
      assertEquals(
          List.of("junit.xml", "pages", "report.html", "report.json", "report.md"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void markdownSaysInWordsWhatIsSignificant() {
    // Paired cases: 10 (allowed… minus ctrl-c-interrupt's timeout and invalid-verdict's error).
    // Flips: with MCP only config-dir-env, default-timeout, enforcer-java-version,
    // pass-rate-formula and allowed-tools (5); without MCP only process-tree-kill (1).
    // McNemar: 2 × (1 + 6)/64 = 0.21875 → "p = 0.219", not significant.
    String md = MarkdownReport.render(SampleReports.twoArms());

    assertContains(
        md,
        "with-mcp passes 4 more cases than without-mcp (5 pass only with with-mcp, 1 only"
            + " with without-mcp; McNemar p = 0.219): not significant at 0.05.",
        "**Duration: median");
    // Pass rates: with MCP 9 of 11 verdicts = 82%, without MCP 5 of 11 = 45%.
    assertContains(
        md,
        "| **pass rate** | **82%** | **45%** |",
        "| 95% interval | 52%–95% | 21%–72% |",
        "| process-tree-kill | ❌ 0/1",
        "**with-mcp ✗ without-mcp ✓** |",
        "10,000 resamples, seed 20261123",
        "- Left out (no verdict in one of the two): `ctrl-c-interrupt`");
    // Efficiency: per paired case i (all but 3 and 7) the duration difference is
    // (30,000 + 2,500i) − (41,000 + 3,100i) = −11,000 − 600i ms; the mean i is 56/10 = 5.6, so
    // the mean difference is −14,360 ms, shown as −14.3s.
    assertContains(
        md,
        "| measure | arm (median) | baseline (median) | mean difference (95% CI) | Wilcoxon p"
            + " |",
        "| duration | 43.7s | 58.0s | −14.3s (");
  }

  @Test
  void htmlIsSelfContained() {
    String html = HtmlReport.render(SampleReports.twoArms());

    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), html);
    assertLacks(html, "<script", "<link");
    assertEquals(3, html.split("<svg class=\"chart\"", -1).length - 1);
    // Each chip opens its run's page, each case its arms side by side: a flip in one click.
    assertContains(
        html,
        "<a href=\"pages/with-mcp/process-tree-kill-1.html\">",
        "<tr class=\"flip\"><td class=\"id\"><a href=\"pages/process-tree-kill.html\"",
        "not significant</span>with-mcp passes 4 more cases",
        "Left out (no verdict in one of the two): <code>ctrl-c-interrupt</code>,"
            + " <code>invalid-verdict</code>",
        "why &lt;it&gt; &amp; stopped");
  }

  @Test
  void junitHasOneTestCasePerRunWithFailuresErrorsAndSkips() throws Exception {
    TestResults results =
        new TestResults()
            .add("a", Arm.WITH_MCP, RunStatus.PASSED)
            .add("a", Arm.WITHOUT_MCP, RunStatus.FAILED)
            .add("b", Arm.WITH_MCP, RunStatus.TIMEOUT)
            .add("b", Arm.WITHOUT_MCP, RunStatus.CANCELLED)
            .add("c", Arm.WITH_MCP, 1, RunStatus.INVALID, 5, null, 0, null)
            .add("c", Arm.WITHOUT_MCP, 1, RunStatus.ERROR, 5, null, 0, null);
    Report report = SampleReports.report(results.list(), List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1);

    Document xml = parse(JunitReport.render(report));

    Element root = xml.getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    assertEquals("6", root.getAttribute("tests"));
    assertEquals("1", root.getAttribute("failures"));
    assertEquals("3", root.getAttribute("errors"));
    assertEquals("1", root.getAttribute("skipped"));
    NodeList cases = xml.getElementsByTagName("testcase");
    assertEquals(6, cases.getLength());
    Element failed = (Element) xml.getElementsByTagName("failure").item(0);
    assertEquals("missed 1 expectation", failed.getAttribute("message"));
    assertEquals("contains \"Main.java\"", failed.getTextContent());
    assertEquals("a #1", ((Element) failed.getParentNode()).getAttribute("name"));
    assertEquals("without-mcp", ((Element) failed.getParentNode()).getAttribute("classname"));
    NodeList errors = xml.getElementsByTagName("error");
    assertEquals(
        List.of("timeout", "invalid", "error"),
        List.of(
            ((Element) errors.item(0)).getAttribute("type"),
            ((Element) errors.item(1)).getAttribute("type"),
            ((Element) errors.item(2)).getAttribute("type")));
    assertEquals(1, xml.getElementsByTagName("skipped").getLength());
  }

  @Test
  void junitSurvivesControlCharactersInAnswers() throws Exception {
    RunResult odd = new TestResults().add("a", Arm.WITH_MCP, RunStatus.ERROR).list().getFirst();
    RunResult withControl =
        RunResultBuilder.result(odd.caseId(), odd.arm())
            .index(odd.index())
            .status(RunStatus.ERROR)
            .durationMs(1)
            .exitCode(1)
            .numTurns(null)
            .costUsd(null)
            .answer(null)
            .error("bad \u0000 byte \u001b[31m")
            .transcript(null)
            .build();
    Report report = SampleReports.report(List.of(withControl), List.of(Arm.WITH_MCP), 1);

    Document xml = parse(JunitReport.render(report));

    assertTrue(
        xml.getElementsByTagName("error").item(0).getTextContent().contains("bad \uFFFD byte"));
  }

  @Test
  void rerenderRecomputesEveryFormatFromTheRawResults() throws Exception {
    Report original = SampleReports.twoArms();
    Report stale =
        new Report(
            original.schemaVersion(),
            original.startedAt(),
            original.finishedAt(),
            original.config(),
            original.rawResults(),
            new Summary(java.util.Map.of(), List.of()),
            null,
            original.timing(),
            null);
    ReportWriter.write(stale, dir);

    Report fresh = ReportFiles.rerender(dir);

    assertEquals(original.summary(), fresh.summary());
    assertEquals(original.statistics(), fresh.statistics());
    assertTrue(
        Files.readString(dir.resolve(ReportWriter.MARKDOWN)).contains("Is the difference real?"));
    assertEquals(original, ReportFiles.read(dir.resolve(ReportWriter.JSON)));
  }

  @Test
  void loadNamesTheFileWhenThereIsNoReport() throws Exception {
    var missing = assertThrows(InvalidInputException.class, () -> ReportFiles.load(dir));
    assertTrue(missing.getMessage().contains("report.json"), missing.getMessage());

    Files.writeString(dir.resolve("report.json"), "{\"schemaVersion\": 1,");
    var broken = assertThrows(InvalidInputException.class, () -> ReportFiles.load(dir));
    assertTrue(broken.getMessage().contains("not a readable report"), broken.getMessage());
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml)));
  }
}
