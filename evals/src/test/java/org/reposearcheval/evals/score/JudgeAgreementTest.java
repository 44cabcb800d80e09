package org.reposearcheval.evals.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.run.Judgement;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;

/** Cohen's κ of the judge against the strings, and the judge's own disagreement, pinned by hand. */
class JudgeAgreementTest {
  @Test
  void kappaOfAHandWorkedTable() {
    // 50 answers: both pass 20, strings only 5, judge only 10, both fail 15.
    // po = (20 + 15) / 50 = 0.7; strings pass 25/50 = 0.5, judge pass 30/50 = 0.6;
    // pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; κ = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    Agreement a = Agreement.of(20, 5, 10, 15);

    assertEquals(50, a.runs());
    assertEquals(0.7, a.observed(), 1e-12);
    assertEquals(0.4, a.kappa(), 1e-12);
  }

  @Test
  void kappaBelowChanceIsNegativeAndUndefinedWhenBothGradeEverythingAlike() {
    // 4 answers, no agreement at all, 2 pass each way: po = 0, pe = 0.5·0.5 + 0.5·0.5 = 0.5;
    // κ = (0 − 0.5) / 0.5 = −1.
    assertEquals(-1.0, Agreement.of(0, 2, 2, 0).kappa(), 1e-12);
    // Both pass all 3: pe = 1, κ is 0/0.
    Agreement all = Agreement.of(3, 0, 0, 0);
    assertEquals(1.0, all.observed());
    assertNull(all.kappa());
    assertNull(Agreement.of(0, 0, 0, 0).kappa());
  }

  private static RunResult judged(
      int index, String arm, String strings, String verdict, String... votes) {
    List<Judgement.Vote> vs = new ArrayList<>();
    for (String v : votes) {
      vs.add(new Judgement.Vote(v, "why " + v, null, 0.01, null, 10, 1, false, null));
    }
    RunStatus status =
        Judgement.PASS.equals(verdict) && !Judgement.FAIL.equals(strings)
            ? RunStatus.PASSED
            : RunStatus.FAILED;
    return new RunResult(
        new RunResult.Key(index, "case" + (index / 2), arm, 1),
        new RunResult.Outcome(status, 100, 0, 1),
        RunResult.Measures.NONE,
        new RunResult.Verdict("answer", List.of(), null),
        new RunResult.Trace(null, null),
        new Judgement(
            "claude",
            null,
            "0".repeat(64),
            "1".repeat(64),
            verdict,
            "why " + verdict,
            vs,
            strings,
            0.01 * votes.length,
            null,
            10L * votes.length));
  }

  @Test
  void theJudgesOwnSplitLargerThanTheArmsDifferenceIsSaidPlainly() {
    // Four cases, two arms, three votes each. with-mcp: 3 of 4 pass; without-mcp: 2 of 4 pass
    // (50 points apart). Split votes: 2 of with-mcp's 4 and 1 of without-mcp's 4, 3 of 8 = 38%.
    List<RunResult> results =
        List.of(
            judged(0, "with-mcp", "pass", "pass", "pass", "pass", "pass"),
            judged(1, "without-mcp", "pass", "pass", "pass", "pass", "pass"),
            judged(2, "with-mcp", "pass", "pass", "pass", "fail", "pass"),
            judged(3, "without-mcp", "fail", "pass", "pass", "pass", "pass"),
            judged(4, "with-mcp", "fail", "fail", "fail", "pass", "fail"),
            judged(5, "without-mcp", "fail", "fail", "fail", "fail", "fail"),
            judged(6, "with-mcp", "pass", "pass", "pass", "pass", "pass"),
            judged(7, "without-mcp", "pass", "fail", "fail", "fail", "pass"));
    List<String> arms = List.of("without-mcp", "with-mcp");
    Summary summary = Summaries.of(results, arms);

    JudgeSummary judge = JudgeSummary.of(results, arms, summary, "without-mcp");

    assertEquals(0.75, summary.byArm().get("with-mcp").passRate());
    assertEquals(0.25, summary.byArm().get("without-mcp").passRate());
    assertEquals(3, judge.votesPerAnswer());
    assertEquals(24, judge.judgeRuns());
    assertEquals(0.24, judge.costUsd(), 1e-9);
    assertEquals(2, judge.byArm().get("with-mcp").unanimous());
    assertEquals(0.5, judge.byArm().get("with-mcp").unanimousShare());
    assertEquals(3, judge.byArm().get("without-mcp").unanimous());
    // Strings vs judge over the 8 runs: both pass: runs 0, 1, 2, 6 = 4; strings pass & judge fail:
    // run 7 = 1;
    // strings fail & judge pass: run 3 = 1; both fail: runs 4, 5 = 2.
    // po = 6/8 = 0.75; strings pass 5/8, judge pass 5/8; pe = 25/64 + 9/64 = 34/64;
    // κ = (48/64 − 34/64) / (30/64) = 14/30 = 0.4667.
    Agreement a = judge.agreement();
    assertEquals(
        List.of(4, 1, 1, 2),
        List.of(a.bothPass(), a.onlyFirstPass(), a.onlySecondPass(), a.bothFail()));
    assertEquals(14.0 / 30, a.kappa(), 1e-12);
    assertEquals(
        List.of("case1 without-mcp", "case3 without-mcp"),
        judge.disagreements().stream().map(d -> d.caseId() + " " + d.mode()).toList());
    // The arms differ by 50 points: more than the 3 of 8 (38%) split; no warning.
    assertEquals(List.of(), judge.warnings());
  }

  @Test
  void aSplitLargerThanTheDifferenceIsAWarning() {
    List<RunResult> results =
        List.of(
            judged(0, "with-mcp", null, "pass", "pass", "fail", "pass"),
            judged(1, "without-mcp", null, "pass", "pass", "pass", "pass"),
            judged(2, "with-mcp", null, "fail", "fail", "pass", "fail"),
            judged(3, "without-mcp", null, "fail", "fail", "fail", "pass"));
    List<String> arms = List.of("without-mcp", "with-mcp");

    JudgeSummary judge = JudgeSummary.of(results, arms, Summaries.of(results, arms), "without-mcp");

    // Both arms pass 1 of 2: 0 points apart; 3 of 4 answers had split votes (75%).
    assertNull(judge.agreement());
    assertEquals(
        List.of(
            "The judge's own votes split on 75% of the answers of with-mcp and without-mcp, more"
                + " than the 0 points difference between their pass rates: that difference is"
                + " within the judge's disagreement with itself."),
        judge.warnings());
    assertTrue(judge.single());
  }
}
