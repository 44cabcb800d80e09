package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Finding;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.transcript.TranscriptPages;

/** report.html never misleads on money or links. */
class MoneyAndLinksTest {
  private static final Pattern TICK = Pattern.compile("class=\"tick\"[^>]*>([^<]*)</text>");

  /** Two cases, each arm's run costing {@code with} and {@code without}. */
  private static Report costs(Double with, Double without) {
    List<RunResult> results = new ArrayList<>();
    int index = 0;
    for (String c : List.of("a", "b")) {
      results.add(RunResultBuilder.result(c, Arm.WITH_MCP).index(index++).costUsd(with).build());
      results.add(
          RunResultBuilder.result(c, Arm.WITHOUT_MCP).index(index++).costUsd(without).build());
    }
    return SampleReports.report(results, List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1);
  }

  @Test
  void anArmWhoseRunsAnsweredWithoutACostIsDrawnAsUnknownNotAsUnanswered() {
    String html = HtmlReport.render(costs(null, 0.01));

    String chart = html.substring(html.indexOf("Cost per run"));
    assertTrue(chart.contains("cost unknown: no run reported one"), chart);
    assertLacks(chart, "no run answered");

    // Positive control: an arm none of whose runs answered still says so.
    List<RunResult> errors =
        costs(null, 0.01).rawResults().stream()
            .map(
                r ->
                    r.arm().equals(Arm.WITH_MCP)
                        ? RunResultBuilder.from(r).status(RunStatus.ERROR).error("boom").build()
                        : r)
            .toList();
    String none =
        HtmlReport.render(SampleReports.report(errors, List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1));
    assertTrue(none.substring(none.indexOf("Cost per run")).contains("no run answered"));
  }

  @Test
  void costsThatDifferNeverPrintAlikeInTheFindingsOrOnTheChart() {
    // The issue: "median $0.001 against $0.001 (2.00×)" and ticks $0.001 $0.001 $0.002 $0.002.
    Report report = costs(0.0012, 0.0006);
    String html = HtmlReport.render(report);
    String md = MarkdownReport.render(report);

    assertTrue(md.contains("median $0.0012 with with-mcp against $0.0006 with without-mcp"), md);
    String chart = html.substring(html.indexOf("Cost per run"));
    List<String> ticks = new ArrayList<>();
    Matcher m = TICK.matcher(chart);
    while (m.find()) {
      ticks.add(m.group(1));
    }
    assertEquals(5, ticks.size(), chart);
    assertEquals(5, new HashSet<>(ticks).size(), ticks.toString());
    assertTrue(chart.contains(">$0.0012</text>") && chart.contains(">$0.0006</text>"), chart);
  }

  @Test
  void chartTicksInDollarsAreDistinctForAnyScale() {
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      double scale = SvgCharts.niceCeiling(Math.pow(10, -6 + 9 * random.nextDouble()));
      List<Double> ticks = new ArrayList<>();
      for (int t = 0; t <= 4; t++) {
        ticks.add(scale * t / 4);
      }
      List<String> printed = Numbers.moneyTicks(ticks);
      assertEquals(5, new HashSet<>(printed).size(), ticks + " printed " + printed);
    }
  }

  @Test
  void aMeasureTheSameInEveryCaseIsANoteNotAnEstimate() {
    Report report = costs(0.01, 0.01);

    List<Finding> findings = report.statistics().comparisons().getFirst().findings();
    Finding same =
        findings.stream().filter(f -> f.text().startsWith("Cost: median")).findFirst().get();
    assertTrue(same.text().endsWith("nothing to test."), same.text());
    assertEquals("note", same.kind());
    // Positive control: costs that differ are tested, not a note.
    Finding differ =
        costs(0.02, 0.01).statistics().comparisons().getFirst().findings().stream()
            .filter(f -> f.text().startsWith("Cost: median"))
            .findFirst()
            .get();
    assertFalse(differ.kind().equals("note"), differ.toString());
  }

  @Test
  void everyRunThatDidNotPassLinksItsPage() {
    RunResult failed =
        RunResultBuilder.result("c", Arm.WITH_MCP)
            .status(RunStatus.FAILED)
            .failedExpectations(List.of("contains x"))
            .transcript("transcripts/with-mcp/c-1.jsonl")
            .build();
    RunResult error =
        RunResultBuilder.result("d", Arm.WITH_MCP).index(1).status(RunStatus.ERROR).build();
    String html =
        HtmlReport.render(SampleReports.report(List.of(failed, error), List.of(Arm.WITH_MCP), 1));

    String section = html.substring(html.indexOf("Runs that did not pass"));
    for (RunResult r : List.of(failed, error)) {
      assertTrue(
          section.contains("<a href=\"" + TranscriptPages.runPage(r) + "\">page</a>"), r.caseId());
    }
    assertTrue(section.contains("<a href=\"transcripts/with-mcp/c-1.jsonl\">jsonl</a>"), section);
  }
}
