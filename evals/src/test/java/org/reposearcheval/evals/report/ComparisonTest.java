package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
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
            "with-mcp: cost of the common cases rose +30% ($0.04 → $0.052), more than the"
                + " allowed +20%"),
        c.regressions());
  }

  @Test
  void markdownSaysWhatRegressedForTheJobSummary() {
    String md = ComparisonMarkdown.render(regression());

    assertTrue(md.startsWith("## ❌ Regression beyond the thresholds"), md);
    assertContains(
        md,
        "| with-mcp | 100% | 50% | −50 (",
        "| with-mcp − without-mcp | +75 | 0 | −75 (not informative) | 4 |");
    // Four paired cases per mode: no test can reach 0.05 (McNemar needs 6 flips one way), so
    // the flips are described with their p-value and no verdict.
    assertContains(
        md,
        "head passes 2 fewer cases than base (0 pass only with head, 2 only with base;"
            + " McNemar p = 0.500, Holm-adjusted p = 1.00 over 2 tests).",
        "| `c` | with-mcp | ✅ passed | ❌ failed | regressed |",
        "| `d` | without-mcp | ❌ failed | ✅ passed | fixed |");
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
                + " timeout, b: timeout, c: timeout), and no case may stop answering; answer rate"
                + " fell from 100% to 50% (−50 points), more than the allowed 0 points"),
        c.regressions());
    String md = ComparisonMarkdown.render(c);
    assertTrue(md.startsWith("## ❌ Regression beyond the thresholds"), md);
    assertContains(
        md,
        "| with-mcp | 100% (6/6) | 50% (3/6) | `a` (timeout), `b`",
        "| `a` | with-mcp | answered | ⚠️ timeout | stopped |");

    Comparison tolerant =
        Comparisons.of(
            "base",
            six("PPPPPP", 0.01),
            "head",
            six("TTTPPP", 0.01),
            new Comparison.Thresholds(0.05, 0.2, 0.5, false, false));
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
    assertFalse(c.suite().any());
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

    assertEquals(new Comparison.SuiteChange(List.of("f"), List.of("g"), List.of(), 5), c.suite());
    assertFalse(c.regressed(), c.regressions().toString());
    String md = ComparisonMarkdown.render(c);
    assertTrue(md.indexOf("### ⚠️ The suite changed") < md.indexOf("### Answers per mode"), md);
    assertContains(md, "- Only in the base (removed): `f`", "- Only in the head (added): `g`");
    var refused =
        refused(six("PPPPPP", 0.01), head, new Comparison.Thresholds(0.05, 0.2, 0, true, false));
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
    assertFalse(c.suite().any());
    assertEquals(List.of(), c.arms().getFirst().answers().stoppedAnswering());
  }

  @Test
  void aCaseThatStopsAnsweringWhileAnotherStartsKeepsTheAnswerRateAndStillFailsTheGate() {
    // Base TPPPPP, head PTPPPP: a answers in the head only, b in the base only. The answer rate
    // is 5/6 in both, so only the rule "no case that answered may stop answering" catches b.
    Comparison c =
        Comparisons.of("base", six("TPPPPP", 0.01), "head", six("PTPPPP", 0.01), DEFAULTS);

    Comparison.Answers a = c.arms().getFirst().answers();
    assertEquals(a.baseRate(), a.headRate(), EPSILON);
    assertEquals(List.of(new Comparison.Unanswered("b", "timeout")), a.stoppedAnswering());
    assertEquals(List.of("a"), a.startedAnswering());
    assertTrue(c.regressed());
    assertEquals(
        List.of(
            "with-mcp: 1 of 5 cases that answered in the base no longer answers in the head (b:"
                + " timeout), and no case may stop answering; answer rate 83% in both (a started"
                + " answering)"),
        c.regressions());
    String md = ComparisonMarkdown.render(c);
    assertContains(
        md,
        "| `b` | with-mcp | answered | ⚠️ timeout | stopped |",
        "| `a` | with-mcp | ⚠️ no verdict | answered | started answering |");
    assertLacks(md, "not compared, no verdict");
    // Allowing a fifth of the cases to stop answering lets it through: 1 of 5 is exactly that.
    assertFalse(
        Comparisons.of(
                "base",
                six("TPPPPP", 0.01),
                "head",
                six("PTPPPP", 0.01),
                new Comparison.Thresholds(0.05, 0.2, 0.2, false, false))
            .regressed());
  }

  /**
   * {@code report} with a fingerprint per case: {@code v1} for each, {@code v2} for {@code edited}.
   */
  private static Report fingerprinted(Report report, String... edited) {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    report
        .rawResults()
        .forEach(
            r ->
                fingerprints.put(
                    r.caseId(),
                    (List.of(edited).contains(r.caseId()) ? "v2-" : "v1-") + r.caseId()));
    return report.withCaseFingerprints(fingerprints);
  }

  @Test
  void aCaseWhoseFileChangedIsListedAsChangedAndLeftOutOfEveryFigure() {
    // Head: c times out and d fails with MCP. Both case files were edited in between, so neither
    // stopped answering nor regressed: the gate looks at a, b, e and f only, which did not move.
    Report base = fingerprinted(six("PPPPPP", 0.01));
    Report head = fingerprinted(six("PPTFPP", 0.03), "c", "d");

    Comparison c = Comparisons.of("base", base, "head", head, DEFAULTS);

    assertEquals(List.of("c", "d"), c.suite().changedIds());
    assertEquals(4, c.suite().unchanged());
    assertEquals(
        new Comparison.ChangedCase("c", Arm.WITH_MCP, "passed", "timeout"),
        c.suite().changed().getFirst());
    Comparison.ArmChange with = c.arms().getFirst();
    assertEquals(List.of(), with.regressed());
    assertEquals(List.of(), with.answers().stoppedAnswering());
    assertEquals(4, with.answers().baseRuns());
    assertEquals(4, with.answers().headRuns());
    assertEquals(4, with.changes().pairedCases());
    assertEquals(0.04, with.baseCostUsd(), EPSILON);
    // The cost per run tripled, which the unchanged cases show: +200% is a regression of its own.
    assertEquals(0.12, with.headCostUsd(), EPSILON);
    assertEquals(
        List.of(
            "with-mcp: cost of the common cases rose +200% ($0.04 → $0.12), more than the"
                + " allowed +20%",
            "without-mcp: cost of the common cases rose +200% ($0.04 → $0.12), more than the"
                + " allowed +20%"),
        c.regressions());
    String md = ComparisonMarkdown.render(c);
    assertContains(
        md,
        "- Changed (the case file differs between base and head): `c`, `d`",
        "over the 4 cases the same in both runs",
        "of all runs of the unchanged cases.",
        "| `c` | with-mcp | ✅ passed | ⚠️ timeout | case file changed: not compared |",
        "| `d` | with-mcp | ✅ passed | ❌ failed | case file changed: not compared |");
    assertLacks(md, "❌ failed | regressed |", "| stopped |");

    // The same head with the files unchanged: d regressed and c stopped answering.
    Comparison unchanged =
        Comparisons.of("base", base, "head", fingerprinted(six("PPTFPP", 0.01)), DEFAULTS);
    assertEquals(List.of("d"), unchanged.arms().getFirst().regressed());
    assertEquals(
        List.of(new Comparison.Unanswered("c", "timeout")),
        unchanged.arms().getFirst().answers().stoppedAnswering());
  }

  @Test
  void requireSameSuiteRefusesAChangedCaseAndOneThatCannotBeTold() {
    Comparison.Thresholds strict = new Comparison.Thresholds(0.05, 0.2, 0, true, false);
    Report base = fingerprinted(six("PPPPPP", 0.01));

    var changed = refused(base, fingerprinted(six("PPPPPP", 0.01), "e"), strict);
    assertEquals(
        "base and head ran different suites (--require-same-suite): changed e",
        changed.getMessage());
    var untold = refused(base, six("PPPPPP", 0.01), strict);
    assertEquals(
        "--require-same-suite cannot tell whether a case changed: head: report.json has no field"
            + " 'caseFingerprints' (written before case fingerprints were recorded) and no run.json"
            + " beside it",
        untold.getMessage());
    assertFalse(
        Comparisons.of("base", base, "head", fingerprinted(six("PPPPPP", 0.01)), strict)
            .regressed());
    // Without the option the same reports compare, and the notes say what could not be told.
    Comparison lenient = Comparisons.of("base", base, "head", six("PPPPPP", 0.01), DEFAULTS);
    assertTrue(
        lenient
            .notes()
            .getFirst()
            .startsWith(
                "Whether a case's file changed cannot be told for 6 cases (head: report.json has"
                    + " no"),
        lenient.notes().toString());
  }

  @Test
  void loadTakesTheFingerprintsOfAnOlderReportFromTheRunJsonBesideIt() throws Exception {
    Path base = dir.resolve("base");
    Path head = dir.resolve("head");
    ReportWriter.write(six("PPPPPP", 0.01), base);
    ReportWriter.write(six("PPPPPF", 0.01), head);
    String manifest =
        "{\"schemaVersion\": 1, \"caseFingerprints\": {\"a\": \"1\", \"b\": \"1\", \"c\": \"1\","
            + " \"d\": \"1\", \"e\": \"1\", \"f\": \"%s\", \"other-shard\": \"1\"}}";
    Files.writeString(base.resolve("run.json"), manifest.formatted("1"));
    Files.writeString(head.resolve("run.json"), manifest.formatted("2"));

    Comparison c = Comparisons.load(base, head.resolve("report.json"), DEFAULTS);

    assertEquals(List.of("f"), c.suite().changedIds());
    assertFalse(c.regressed(), c.regressions().toString());
    assertEquals(
        List.of("a", "b", "c", "d", "e", "f"),
        List.copyOf(ReportFiles.load(base).caseFingerprints().keySet()));
    Files.writeString(head.resolve("run.json"), "{\"caseFingerprints\": [1]}");
    var broken =
        assertThrows(InvalidInputException.class, () -> Comparisons.load(base, head, DEFAULTS));
    assertEquals(
        head.resolve("run.json") + ": field 'caseFingerprints': missing or not an object",
        broken.getMessage());
  }

  /** Why comparing {@code head} against {@code base} with {@code t} is refused. */
  private static InvalidInputException refused(Report base, Report head, Comparison.Thresholds t) {
    return assertThrows(
        InvalidInputException.class, () -> Comparisons.of("base", base, "head", head, t));
  }

  /** {@code report} with each arm's config changed by {@code change}. */
  private static Report withArms(Report report, UnaryOperator<ArmConfig> change) {
    return SampleReports.withArms(report, change);
  }

  @Test
  void aDifferentAgentOrVersionIsNamedAtTheTopAndCanBeRequiredAway() {
    Report base = fingerprinted(six("PPPPPP", 0.01));
    Report head =
        SampleReports.withAgents(
            fingerprinted(six("PPPPPP", 0.01)),
            Map.of(Arm.WITH_MCP, "opencode", Arm.WITHOUT_MCP, "opencode"),
            Map.of("opencode", "1.18.33"));

    Comparison c = Comparisons.of("base", base, "head", head, DEFAULTS);

    assertEquals(
        List.of("with-mcp, without-mcp: base ran Claude Code 2.1.328, head OpenCode 1.18.33"),
        c.setup().stream().map(Comparison.SetupChange::describe).toList());
    String md = ComparisonMarkdown.render(c);
    assertTrue(md.indexOf("### ⚠️ The setup changed") < md.indexOf("### Answers per mode"), md);
    assertTrue(
        md.contains("- with-mcp, without-mcp: base ran Claude Code 2.1.328, head OpenCode 1.18.33"),
        md);
    var refused = refused(base, head, new Comparison.Thresholds(0.05, 0.2, 0, false, true));
    assertEquals(
        "base and head ran with different setups (--require-same-setup): with-mcp, without-mcp:"
            + " base ran Claude Code 2.1.328, head OpenCode 1.18.33",
        refused.getMessage());

    Report newer =
        SampleReports.withAgents(
            fingerprinted(six("PPPPPP", 0.01)),
            Map.of(Arm.WITH_MCP, "claude", Arm.WITHOUT_MCP, "claude"),
            Map.of("claude", "2.1.330"));
    assertEquals(
        List.of("with-mcp, without-mcp: base ran Claude Code 2.1.328, head Claude Code 2.1.330"),
        Comparisons.of("base", base, "head", newer, DEFAULTS).setup().stream()
            .map(Comparison.SetupChange::describe)
            .toList());
  }

  /** {@code report} with every run judged by {@code judge} using template {@code template}. */
  private static Report judgedBy(Report report, String judge, String template) {
    return judgedBy(report, judge, null, template);
  }

  /** As above, the judge at {@code version}. */
  private static Report judgedBy(Report report, String judge, String version, String template) {
    return report
        .withRawResults(
            report.rawResults().stream()
                .map(
                    r ->
                        r.with(
                            new org.reposearcheval.evals.run.Judgement(
                                judge,
                                version,
                                template.repeat(64),
                                "0".repeat(64),
                                "pass",
                                "fine",
                                List.of(),
                                null,
                                null,
                                null,
                                0)))
                .toList())
        .recomputed();
  }

  @Test
  void baseAndHeadGradedByDifferentJudgesOrTemplatesAreFlaggedAtTheTop() {
    Report base = judgedBy(fingerprinted(six("PPPPPP", 0.01)), "claude", "a");
    Report sameJudge = judgedBy(fingerprinted(six("PPPPPP", 0.01)), "claude", "a");
    Report otherJudge = judgedBy(fingerprinted(six("PPPPPP", 0.01)), "codex:gpt-5", "a");
    Report otherTemplate = judgedBy(fingerprinted(six("PPPPPP", 0.01)), "claude", "b");

    assertEquals(List.of(), Comparisons.of("base", base, "head", sameJudge, DEFAULTS).setup());
    Comparison c = Comparisons.of("base", base, "head", otherJudge, DEFAULTS);
    assertEquals(
        List.of(
            "with-mcp, without-mcp: answers graded by claude (template aaaaaaaaaaaa) in the base,"
                + " by codex:gpt-5 (template aaaaaaaaaaaa) in the head: a verdict that changed may"
                + " be the judge's"),
        c.setup().stream().map(Comparison.SetupChange::describe).toList());
    String md = ComparisonMarkdown.render(c);
    assertTrue(md.indexOf("### ⚠️ The setup changed") < md.indexOf("### Answers per mode"), md);
    assertEquals(
        List.of(Comparison.SetupChange.Aspect.JUDGE),
        Comparisons.of("base", base, "head", otherTemplate, DEFAULTS).setup().stream()
            .map(Comparison.SetupChange::aspect)
            .toList());
  }

  @Test
  void baseAndHeadGradedByTheSameJudgeAtDifferentVersionsAreFlagged() {
    Report base = judgedBy(fingerprinted(six("PPPPPP", 0.01)), "claude", "2.1.328", "a");
    Report same = judgedBy(fingerprinted(six("PPPPPP", 0.01)), "claude", "2.1.328", "a");
    Report newer = judgedBy(fingerprinted(six("PPPPPP", 0.01)), "claude", "2.1.400", "a");

    assertEquals(List.of(), Comparisons.of("base", base, "head", same, DEFAULTS).setup());
    assertEquals(
        List.of(
            "with-mcp, without-mcp: answers graded by claude 2.1.328 (template aaaaaaaaaaaa) in"
                + " the base, by claude 2.1.400 (template aaaaaaaaaaaa) in the head: a verdict that"
                + " changed may be the judge's"),
        Comparisons.of("base", base, "head", newer, DEFAULTS).setup().stream()
            .map(Comparison.SetupChange::describe)
            .toList());
  }

  @Test
  void aDifferentModelMcpConfigOrToolSetIsNamedAndTheSameConfigElsewhereIsNot() {
    Report base =
        withArms(
            fingerprinted(six("PPPPPP", 0.01)),
            a ->
                new ArmConfig(
                    a.name(),
                    a.mcpConfig(),
                    a.mcpServers(),
                    a.model(),
                    a.agent(),
                    a.mcpConfig() == null ? null : "servers-v1"));
    Report movedOnly =
        withArms(
            base,
            a ->
                new ArmConfig(
                    a.name(),
                    a.mcpConfig() == null ? null : "/elsewhere/mcp.json",
                    a.mcpServers(),
                    a.model(),
                    a.agent(),
                    a.mcpConfigFingerprint()));
    assertEquals(List.of(), Comparisons.of("base", base, "head", movedOnly, DEFAULTS).setup());

    Report edited =
        withArms(
            base,
            a ->
                new ArmConfig(
                    a.name(),
                    a.mcpConfig(),
                    a.mcpServers(),
                    a.name().equals(Arm.WITHOUT_MCP) ? "claude-opus-4-1" : a.model(),
                    a.agent(),
                    a.mcpConfig() == null ? null : "servers-v2"));
    assertEquals(
        List.of(
            "without-mcp: model claude-sonnet-4-5 in the base, claude-opus-4-1 in the head",
            "with-mcp: MCP config `/suite/cases/mcp.json` (repo) edited between base and head"),
        Comparisons.of("base", base, "head", edited, DEFAULTS).setup().stream()
            .map(Comparison.SetupChange::describe)
            .toList());

    Report offered = SampleReports.offering(base, "mcp__repo__read_file", "mcp__repo__search");
    Report fewer = SampleReports.offering(base, "mcp__repo__read_file", "mcp__repo__tree");
    assertEquals(
        List.of(
            "with-mcp: MCP tools offered head adds mcp__repo__tree; head drops"
                + " mcp__repo__search"),
        Comparisons.of("base", offered, "head", fewer, DEFAULTS).setup().stream()
            .map(Comparison.SetupChange::describe)
            .toList());
    // Runs that did not record what they were offered say nothing about the tools.
    assertEquals(List.of(), Comparisons.of("base", base, "head", fewer, DEFAULTS).setup());
  }
}
