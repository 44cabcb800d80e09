package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Interval;
import org.reposearcheval.evals.score.TestResults;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.util.InvalidInputException;

/** compare: base against head, each number against a hand-computed example. */
class ComparisonTest {
  private static final double EPSILON = 1e-9;
  private static final List<String> BOTH = List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP);
  private static final Comparison.Thresholds DEFAULTS = new Comparison.Thresholds(0.05, 0.2);

  @TempDir Path dir;

  /** Four cases a…d; {@code with} and {@code without} spell each case's status: P or F. */
  private static Report report(String with, String without, double withCost) {
    TestResults results = new TestResults();
    for (int i = 0; i < 4; i++) {
      String id = String.valueOf((char) ('a' + i));
      results.add(id, Arm.WITH_MCP, 1, status(with, i), 1000, withCost, 500, 5);
      results.add(id, Arm.WITHOUT_MCP, 1, status(without, i), 1000, 0.01, 500, 5);
    }
    return SampleReports.report(results.list(), BOTH, 1);
  }

  private static RunStatus status(String spelled, int i) {
    return spelled.charAt(i) == 'P' ? RunStatus.PASSED : RunStatus.FAILED;
  }

  // Base: with MCP PPPP, without PFFF. Head: with MCP PPFF, without PFFP.
  private static Comparison regression() {
    return Comparisons.of(
        "base", report("PPPP", "PFFF", 0.01), "head", report("PPFF", "PFFP", 0.01), DEFAULTS);
  }

  @Test
  void perCaseRegressionsAndFixesPerMode() {
    // with-mcp: c and d passed in the base and fail in the head; McNemar on 0 fixes and 2
    // regressions: two-sided p = 2 × (1/2)^2 = 0.5. without-mcp: d was fixed.
    Comparison c = regression();

    Comparison.ArmChange with = c.arms().get(0);
    assertEquals(Arm.WITH_MCP, with.arm());
    assertEquals(List.of("c", "d"), with.regressed());
    assertEquals(List.of(), with.fixed());
    assertEquals(0.5, with.changes().mcnemar().decision().pValue(), EPSILON);
    Comparison.ArmChange without = c.arms().get(1);
    assertEquals(List.of("d"), without.fixed());
    assertEquals(List.of(), without.regressed());
  }

  @Test
  void passRateChangePerMode() {
    // with-mcp: 4/4 → 2/4, −50 points; without-mcp: 1/4 → 2/4, +25 points.
    Comparison c = regression();

    assertEquals(1.0, c.arms().get(0).basePassRate(), EPSILON);
    assertEquals(0.5, c.arms().get(0).headPassRate(), EPSILON);
    assertEquals(-0.5, c.arms().get(0).changes().passRateDelta().estimate(), EPSILON);
    assertEquals(0.25, c.arms().get(1).basePassRate(), EPSILON);
    assertEquals(0.5, c.arms().get(1).headPassRate(), EPSILON);
  }

  @Test
  void theMcpAdvantageIsADeltaOfDeltas() {
    // Advantage per case (with − without): base a 0, b 1, c 1, d 1 (mean 0.75);
    // head a 0, b 1, c 0, d −1 (mean 0). Change per case 0, 0, −1, −2: mean −0.75.
    // Bootstrap: a resample's sum S of 4 draws from {0, 0, −1, −2}: P(S <= −7) = 5/256 = 0.0195
    // and P(S <= −6) = 19/256 = 0.074, so the 2.5th percentile is −6/4 = −1.5;
    // P(S = 0) = 16/256 = 0.0625 > 0.025, so the 97.5th is 0.
    Comparison.AdvantageChange advantage = regression().advantages().getFirst();

    assertEquals(Arm.WITH_MCP, advantage.arm());
    assertEquals(Arm.WITHOUT_MCP, advantage.baseline());
    assertEquals(4, advantage.cases());
    assertEquals(0.75, advantage.baseAdvantage(), EPSILON);
    assertEquals(0.0, advantage.headAdvantage(), EPSILON);
    assertEquals(new Interval(-0.75, -1.5, 0.0, "4 cases, fewer than 10"), advantage.change());
  }

  @Test
  void aPassRateDropBeyondTheThresholdIsARegression() {
    Comparison c = regression();

    assertTrue(c.regressed());
    assertEquals(
        List.of(
            "with-mcp: pass rate fell from 100% to 50% (−50 points), more than the allowed 5;"
                + " regressed: c, d"),
        c.regressions());
  }

  @Test
  void aDropWithinTheThresholdIsNot() {
    // with-mcp 4/4 → 3/4: a drop of exactly 25 points, allowed by --max-pass-rate-drop 0.25.
    Comparison c =
        Comparisons.of(
            "base",
            report("PPPP", "PFFF", 0.01),
            "head",
            report("PPPF", "PFFF", 0.01),
            new Comparison.Thresholds(0.25, 0.2));

    assertFalse(c.regressed(), c.regressions().toString());
  }

  @Test
  void aCostRiseBeyondTheThresholdIsARegression() {
    // with-mcp cost of the four cases: 4 × $0.010 = $0.040 → 4 × $0.013 = $0.052: +30% > 20%.
    Comparison c =
        Comparisons.of(
            "base", report("PPPP", "PFFF", 0.01), "head", report("PPPP", "PFFF", 0.013), DEFAULTS);

    assertEquals(0.04, c.arms().get(0).baseCostUsd(), EPSILON);
    assertEquals(0.052, c.arms().get(0).headCostUsd(), EPSILON);
    assertEquals(
        List.of(
            "with-mcp: cost of the common cases rose +30% ($0.040 → $0.052), more than the"
                + " allowed +20%"),
        c.regressions());
  }

  @Test
  void markdownSaysWhatRegressedForTheJobSummary() {
    String md = ComparisonMarkdown.render(regression());

    assertTrue(md.startsWith("## ❌ Regression beyond the thresholds"), md);
    assertTrue(md.contains("| with-mcp | 100% | 50% | −50 ("), md);
    assertTrue(md.contains("| with-mcp − without-mcp | +75 | 0 | −75 (not informative) | 4 |"), md);
    // Four paired cases per mode: no test can reach 0.05 (McNemar needs 6 flips one way), so
    // the flips are described with their p-value and no verdict.
    assertTrue(
        md.contains(
            "head passes 2 fewer cases than base (0 pass only with head, 2 only with base;"
                + " McNemar p = 0.500, Holm-adjusted p = 1.00 over 2 tests)."),
        md);
    assertTrue(md.contains("| `c` | with-mcp | ✅ passed | ❌ failed | regressed |"), md);
    assertTrue(md.contains("| `d` | without-mcp | ❌ failed | ✅ passed | fixed |"), md);
  }

  @Test
  void readsRunDirectoriesAndReportFiles() throws Exception {
    ReportWriter.write(report("PPPP", "PFFF", 0.01), dir.resolve("base"));
    ReportWriter.write(report("PPPP", "PFFF", 0.01), dir.resolve("head"));

    Comparison c = Comparisons.load(dir.resolve("base"), dir.resolve("head/report.json"), DEFAULTS);

    assertFalse(c.regressed());
    assertTrue(ComparisonMarkdown.render(c).startsWith("## ✅ No regression"));
  }

  @Test
  void refusesReportsWithNoModeInCommon() throws Exception {
    Report only =
        SampleReports.report(
            new TestResults().add("a", "sonnet", RunStatus.PASSED).list(), List.of("sonnet"), 1);
    ReportWriter.write(only, dir.resolve("other"));
    ReportWriter.write(report("PPPP", "PFFF", 0.01), dir.resolve("base"));
    Files.writeString(dir.resolve("junk.json"), "[1, 2]");

    var none =
        assertThrows(
            InvalidInputException.class,
            () -> Comparisons.load(dir.resolve("base"), dir.resolve("other"), DEFAULTS));
    assertTrue(none.getMessage().startsWith("nothing to compare"), none.getMessage());
    var junk =
        assertThrows(
            InvalidInputException.class,
            () -> Comparisons.load(dir.resolve("base"), dir.resolve("junk.json"), DEFAULTS));
    assertTrue(junk.getMessage().contains("junk.json"), junk.getMessage());
  }

  /**
   * Six cases a…f; {@code with} spells each with-MCP run: P passed, F failed, T timeout, E error, -
   * no run; without MCP always passes. {@code cost} is each run's cost (null: unknown).
   */
  private static Report six(String with, Double cost) {
    TestResults results = new TestResults();
    for (int i = 0; i < with.length(); i++) {
      String id = String.valueOf((char) ('a' + i));
      RunStatus status =
          switch (with.charAt(i)) {
            case 'P' -> RunStatus.PASSED;
            case 'F' -> RunStatus.FAILED;
            case 'T' -> RunStatus.TIMEOUT;
            case 'E' -> RunStatus.ERROR;
            default -> null;
          };
      if (status != null) {
        results.add(id, Arm.WITH_MCP, 1, status, 1000, cost, 500, 5);
      }
      results.add(id, Arm.WITHOUT_MCP, 1, RunStatus.PASSED, 1000, cost, 500, 5);
    }
    return SampleReports.report(results.list(), BOTH, 1);
  }

  @Test
  void casesThatStopAnsweringAreARegressionThatNamesThem() {
    // Base: six answers with MCP. Head: a, b and c time out. On the three cases both answered
    // nothing changed, so the pass-rate gate alone would pass; the answer rate fell from 6/6 to
    // 3/6 and three of the six cases that answered stopped.
    Comparison c =
        Comparisons.of("base", six("PPPPPP", 0.01), "head", six("TTTPPP", 0.01), DEFAULTS);

    Comparison.Answers a = c.arms().getFirst().answers();
    assertEquals(1.0, a.baseRate(), EPSILON);
    assertEquals(0.5, a.headRate(), EPSILON);
    assertEquals(
        List.of(
            new Comparison.Unanswered("a", "timeout"),
            new Comparison.Unanswered("b", "timeout"),
            new Comparison.Unanswered("c", "timeout")),
        a.stoppedAnswering());
    assertEquals(
        List.of(
            "with-mcp: 3 of 6 cases that answered in the base no longer answer in the head (a:"
                + " timeout, b: timeout, c: timeout); answer rate 100% → 50% (−50 points), more"
                + " than the allowed 0 (no case may stop answering)"),
        c.regressions());
    String md = ComparisonMarkdown.render(c);
    assertTrue(md.startsWith("## ❌ Regression beyond the thresholds"), md);
    assertTrue(md.contains("| with-mcp | 100% (6/6) | 50% (3/6) | `a` (timeout), `b`"), md);
    assertTrue(md.contains("| `a` | with-mcp | answered | ⚠️ timeout | stopped |"), md);

    Comparison tolerant =
        Comparisons.of(
            "base",
            six("PPPPPP", 0.01),
            "head",
            six("TTTPPP", 0.01),
            new Comparison.Thresholds(0.05, 0.2, 0.5, false));
    assertFalse(tolerant.regressed(), tolerant.regressions().toString());
  }

  @Test
  void aCaseWithNoRunInTheHeadIsMissingAndOneRunLessLowersTheAnswerRate() {
    // Head: a has no with-MCP run (still in the suite: it ran without MCP); b errored.
    Comparison c =
        Comparisons.of("base", six("PPPPPP", 0.01), "head", six("-EPPPP", 0.01), DEFAULTS);

    assertEquals(
        List.of(new Comparison.Unanswered("a", "missing"), new Comparison.Unanswered("b", "error")),
        c.arms().getFirst().answers().stoppedAnswering());
    assertTrue(c.regressed());
    assertFalse(c.suite().changed());
  }

  @Test
  void aChangeOfSuiteIsListedFirstAndCanBeRequiredAway() {
    // Head: f removed from the suite (no run in any mode), g added.
    TestResults results = new TestResults();
    for (String id : List.of("a", "b", "c", "d", "e", "g")) {
      results.add(id, Arm.WITH_MCP, RunStatus.PASSED).add(id, Arm.WITHOUT_MCP, RunStatus.PASSED);
    }
    Report head = SampleReports.report(results.list(), BOTH, 1);

    Comparison c = Comparisons.of("base", six("PPPPPP", 0.01), "head", head, DEFAULTS);

    assertEquals(new Comparison.SuiteChange(List.of("f"), List.of("g")), c.suite());
    assertFalse(c.regressed(), c.regressions().toString());
    String md = ComparisonMarkdown.render(c);
    assertTrue(md.indexOf("### ⚠️ The suite changed") < md.indexOf("### Answers per mode"), md);
    assertTrue(md.contains("- Only in the base (removed): `f`"), md);
    assertTrue(md.contains("- Only in the head (added): `g`"), md);
    var refused =
        assertThrows(
            InvalidInputException.class,
            () ->
                Comparisons.of(
                    "base",
                    six("PPPPPP", 0.01),
                    "head",
                    head,
                    new Comparison.Thresholds(0.05, 0.2, 0, true)));
    assertEquals(
        "base and head ran different suites (--require-same-suite): removed f; added g",
        refused.getMessage());
  }

  @Test
  void aCostTheHeadNoLongerReportsIsNeverCheaper() {
    Comparison c =
        Comparisons.of("base", six("PPPPPP", 0.01), "head", six("PPPPPP", null), DEFAULTS);

    Comparison.ArmChange with = c.arms().getFirst();
    assertEquals(List.of("a", "b", "c", "d", "e", "f"), with.costUnknownInHead());
    assertEquals(null, with.headCostUsd());
    assertEquals(
        List.of(
            "with-mcp: the head reports no cost for 6 cases that had one in the base (a, b, c, d,"
                + " e, f): its cost cannot be checked, and unknown is not cheaper",
            "without-mcp: the head reports no cost for 6 cases that had one in the base (a, b, c,"
                + " d, e, f): its cost cannot be checked, and unknown is not cheaper"),
        c.regressions());
    assertTrue(ComparisonMarkdown.render(c).contains("| unknown in head |"));
  }

  @Test
  void anUnchangedHeadPassesTheGate() {
    Comparison c =
        Comparisons.of("base", six("PPPFPP", 0.01), "head", six("PPPFPP", 0.01), DEFAULTS);

    assertFalse(c.regressed(), c.regressions().toString());
    assertFalse(c.suite().changed());
    assertEquals(List.of(), c.arms().getFirst().answers().stoppedAnswering());
  }
}
