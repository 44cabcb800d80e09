package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;

/**
 * report.html's templates escape every value as {@link Html#escape} does, in text and in
 * attributes.
 */
class HtmlTest {
  private static final String NASTY = "<b class='x'>\"&amp;\"</b>";

  @Test
  void everyValueIsEscapedTheSameInTextAndInAttributes() {
    RunResult failed =
        RunResultBuilder.result("case" + NASTY, Arm.WITH_MCP)
            .status(RunStatus.FAILED)
            .failedExpectations(List.of(NASTY))
            .transcript("transcripts/" + NASTY + ".jsonl")
            .build();
    RunResult passed = RunResultBuilder.result("case" + NASTY, Arm.WITHOUT_MCP).index(1).build();
    String html =
        HtmlReport.render(
            SampleReports.report(
                List.of(failed, passed), List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1));

    String escaped = "&lt;b class=&#39;x&#39;&gt;&quot;&amp;amp;&quot;&lt;/b&gt;";
    assertTrue(html.contains("<td class=\"id\">case" + escaped + "</td>"), "text");
    assertTrue(html.contains("<td class=\"why\">missed: " + escaped + "</td>"), "text");
    assertTrue(html.contains("<a href=\"pages/case" + escaped + ".html\""), "attribute");
    assertTrue(html.contains("<a href=\"transcripts/" + escaped + ".jsonl\">"), "attribute");
    assertLacks(html, NASTY);
  }
}
