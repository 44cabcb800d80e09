package org.reposearcheval.evals.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.report.MarkdownReport;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.SampleReports;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.suite.Arm;

/** The report's summaries: verdicts only where the answer matters, everything where cost does. */
class SummariesTest {
  private static final double EPSILON = 1e-9;

  private int nextIndex;

  /** A run of {@code caseId} in {@code arm} with the given outcome and numbers. */
  private RunResult run(
      String caseId,
      String arm,
      RunStatus status,
      long durationMs,
      Double costUsd,
      int tools,
      int mcp) {
    return RunResultBuilder.result(caseId, arm)
        .index(nextIndex++)
        .status(status)
        .durationMs(durationMs)
        .exitCode(status.isVerdict() ? 0 : null)
        .numTurns(status.isVerdict() ? 3 : null)
        .costUsd(costUsd)
        .toolCalls(new ToolCalls(tools, mcp, Map.of()))
        .answer(status.isVerdict() ? "answer" : null)
        .error(status.isVerdict() ? null : "why")
        .transcript(null)
        .build();
  }

  private RunResult run(String caseId, String arm, RunStatus status, long durationMs) {
    return run(caseId, arm, status, durationMs, 0.01, 0, 0);
  }

  /** The with-mcp summary of the runs of {@code table} (see {@link #runs(String)}). */
  private Summary.ArmSummary arm(String table) {
    return Summaries.arm(runs(table));
  }

  /**
   * Runs from a table, a row each: case, arm, status, duration in ms, and optionally cost in USD
   * ({@code -}: none reported), tool calls and MCP tool calls; without those, $0.01 and no calls.
   */
  private List<RunResult> runs(String table) {
    return table
        .lines()
        .map(
            row -> {
              String[] c = row.trim().split("\\s+");
              RunStatus status = RunStatus.valueOf(c[2].toUpperCase(java.util.Locale.ROOT));
              long durationMs = Long.parseLong(c[3]);
              if (c.length == 4) {
                return run(c[0], c[1], status, durationMs);
              }
              Double cost = c[4].equals("-") ? null : Double.valueOf(c[4]);
              return run(
                  c[0],
                  c[1],
                  status,
                  durationMs,
                  cost,
                  Integer.parseInt(c[5]),
                  Integer.parseInt(c[6]));
            })
        .toList();
  }

  @Test
  void passRateCountsOnlyPassedAndFailed() {
    List<RunResult> runs =
        cases(
            RunStatus.PASSED,
            RunStatus.PASSED,
            RunStatus.PASSED,
            RunStatus.FAILED,
            RunStatus.ERROR,
            RunStatus.TIMEOUT,
            RunStatus.INVALID,
            RunStatus.CANCELLED);

    Summary.ArmSummary summary = Summaries.arm(runs);

    assertEquals(8, summary.runs());
    assertEquals(3, summary.passed());
    assertEquals(1, summary.failed());
    assertEquals(1, summary.errors());
    assertEquals(1, summary.timeouts());
    assertEquals(1, summary.invalid());
    assertEquals(1, summary.cancelled());
    assertEquals(0.75, summary.passRate(), EPSILON);
  }

  @Test
  void noVerdictMeansNoPassRateDurationOrToolMeans() {
    List<RunResult> runs =
        List.of(
            run("a", Arm.WITH_MCP, RunStatus.ERROR, 10, 0.02, 4, 1),
            run("b", Arm.WITH_MCP, RunStatus.TIMEOUT, 900_000, null, 9, 9));

    Summary.ArmSummary summary = Summaries.arm(runs);

    assertNull(summary.passRate());
    assertNull(summary.medianDurationMs());
    assertNull(summary.meanToolCalls());
    assertNull(summary.meanMcpToolCalls());
    assertEquals(0.02, summary.totalCostUsd(), EPSILON);
  }

  @Test
  void emptyRunsSummarizeToNothing() {
    Summary.ArmSummary summary = Summaries.arm(List.of());

    assertEquals(0, summary.runs());
    assertNull(summary.passRate());
    assertNull(summary.medianDurationMs());
    assertEquals(0.0, summary.totalCostUsd(), EPSILON);
  }

  @Test
  void medianIsTheMiddleVerdictRunOrTheMeanOfTheMiddleTwo() {
    // Odd: verdict runs 100, 300, 5000 (the timeout and the error do not count): 300.
    // Even: 100, 200, 400, 9000: (200 + 400) / 2 = 300.
    Summary.ArmSummary odd =
        arm(
            """
            a with-mcp passed  300
            b with-mcp failed  100
            c with-mcp passed  5000
            d with-mcp timeout 900000
            e with-mcp error   1
            """);
    Summary.ArmSummary even =
        arm(
            """
            a with-mcp passed 400
            b with-mcp passed 100
            c with-mcp failed 9000
            d with-mcp passed 200
            """);

    assertEquals(300L, odd.medianDurationMs());
    assertEquals(300L, even.medianDurationMs());
  }

  @Test
  void toolCallMeansCoverVerdictRunsOnly() {
    Summary.ArmSummary summary =
        arm(
            """
            a with-mcp passed  10 0.0 4   3
            b with-mcp failed  10 0.0 7   0
            c with-mcp error   10 0.0 100 100
            d with-mcp timeout 10 0.0 50  50
            """);

    assertEquals(5.5, summary.meanToolCalls(), EPSILON);
    assertEquals(1.5, summary.meanMcpToolCalls(), EPSILON);
  }

  @Test
  void totalCostSumsEveryRunCountingMissingCostAsZero() {
    Summary.ArmSummary summary =
        arm(
            """
            a with-mcp passed  10 0.25  0 0
            b with-mcp error   10 0.5   0 0
            c with-mcp timeout 10 -     0 0
            d with-mcp failed  10 0.125 0 0
            """);

    assertEquals(0.875, summary.totalCostUsd(), EPSILON);
    assertEquals(3, summary.runsWithCost());
    assertEquals("$0.875 over 3 of 4 runs; 1 reported no cost", summary.totalCost());
  }

  @Test
  void aTotalOverEveryRunSaysNothingMoreAndNoCostAtAllIsUnknown() {
    List<RunResult> costed =
        List.of(
            run("a", Arm.WITH_MCP, RunStatus.PASSED, 10, 0.25, 0, 0),
            run("b", Arm.WITH_MCP, RunStatus.TIMEOUT, 10, 0.5, 0, 0));
    List<RunResult> none =
        List.of(
            run("a", Arm.WITH_MCP, RunStatus.PASSED, 10, null, 0, 0),
            run("b", Arm.WITH_MCP, RunStatus.TIMEOUT, 10, null, 0, 0));

    assertEquals("$0.75", Summaries.arm(costed).totalCost());
    assertEquals("unknown", Summaries.arm(none).totalCost());
    assertEquals(0, Summaries.arm(none).runsWithCost());
  }

  @Test
  void totalsOverDifferentRunsAreComparedOverTheRunsEveryArmReportedACostFor() {
    // with-mcp reported a cost for a, b and c; without-mcp for a and c (b timed out without one)
    // and d, which with-mcp did not run. Alike: a and c. with-mcp 0.25 + 0.125, without-mcp
    // 0.5 + 0.0625.
    List<RunResult> runs =
        runs(
            """
            a with-mcp    passed  10 0.25   0 0
            a without-mcp passed  10 0.5    0 0
            b with-mcp    passed  10 1.0    0 0
            b without-mcp timeout 10 -      0 0
            c with-mcp    failed  10 0.125  0 0
            c without-mcp passed  10 0.0625 0 0
            d without-mcp passed  10 2.0    0 0
            """);

    Summary summary = Summaries.of(runs, List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP));

    Summary.CommonCost common = summary.commonCost();
    assertEquals(2, common.runs());
    assertEquals(0.375, common.byArm().get(Arm.WITH_MCP), EPSILON);
    assertEquals(0.5625, common.byArm().get(Arm.WITHOUT_MCP), EPSILON);
    assertEquals(
        "Total costs cover different runs; over the 2 runs (a case and a repetition) that reported"
            + " a cost in every mode: with-mcp $0.375, without-mcp $0.563.",
        common.describe());
    assertEquals(
        "$2.56 over 3 of 4 runs; 1 reported no cost",
        summary.byArm().get(Arm.WITHOUT_MCP).totalCost());
  }

  @Test
  void totalsOverTheSameRunsNeedNoCommonCost() {
    // Both arms reported a cost for a and b, neither for c: the totals already compare.
    List<RunResult> alike =
        runs(
            """
            a with-mcp    passed  10 0.25 0 0
            a without-mcp passed  10 0.5  0 0
            b with-mcp    passed  10 0.25 0 0
            b without-mcp passed  10 0.5  0 0
            c with-mcp    timeout 10 -    0 0
            c without-mcp timeout 10 -    0 0
            """);
    List<String> both = List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP);

    assertNull(Summaries.of(alike, both).commonCost());
    assertNull(Summaries.of(alike, List.of(Arm.WITH_MCP)).commonCost());
    // The same runs by case and repetition: a second repetition of a costed in one arm only is not.
    List<RunResult> repeated = new java.util.ArrayList<>(alike);
    repeated.add(
        RunResultBuilder.from(run("a", Arm.WITH_MCP, RunStatus.PASSED, 10, 0.25, 0, 0))
            .run(2)
            .build());
    repeated.add(
        RunResultBuilder.from(run("a", Arm.WITHOUT_MCP, RunStatus.TIMEOUT, 10, null, 0, 0))
            .run(2)
            .build());
    assertEquals(2, Summaries.of(repeated, both).commonCost().runs());
    // An arm that reported no cost at all leaves nothing to compare, and says so.
    List<RunResult> unknown =
        alike.stream()
            .map(
                r ->
                    r.arm().equals(Arm.WITH_MCP)
                        ? RunResultBuilder.from(r).costUsd(null).build()
                        : r)
            .toList();
    Summary.CommonCost none = Summaries.of(unknown, both).commonCost();
    assertEquals(0, none.runs());
    assertEquals(
        "No run (a case and a repetition) reported a cost in every mode: the total costs cover"
            + " different runs and do not compare.",
        none.describe());
  }

  @Test
  void passRateIsNullOnlyWithoutVerdicts() {
    assertNull(Summaries.passRate(0, 0));
    assertEquals(0.0, Summaries.passRate(0, 3), EPSILON);
    assertEquals(1.0, Summaries.passRate(2, 0), EPSILON);
  }

  @Test
  void byModeFollowsTheArmsAndSplitsTheirRuns() {
    List<RunResult> runs =
        runs(
            """
            a with-mcp    passed 10
            a without-mcp failed 10
            b with-mcp    passed 10
            b without-mcp passed 10
            """);

    Summary summary = Summaries.of(runs, List.of(Arm.WITHOUT_MCP, Arm.WITH_MCP));

    assertEquals(List.of("without-mcp", "with-mcp"), List.copyOf(summary.byArm().keySet()));
    assertEquals(1.0, summary.byArm().get("with-mcp").passRate(), EPSILON);
    assertEquals(0.5, summary.byArm().get("without-mcp").passRate(), EPSILON);
  }

  @Test
  void byCasePutsTheArmsSideBySideInTheArmsOrder() {
    List<RunResult> runs =
        runs(
            """
            alpha with-mcp    passed  100    0.0 2 2
            alpha without-mcp failed  300    0.0 6 0
            alpha with-mcp    timeout 900000 0.0 0 0
            alpha without-mcp passed  500    0.0 4 0
            beta  with-mcp    error   5      0.0 0 0
            beta  without-mcp passed  200    0.0 3 0
            """);

    Summary summary = Summaries.of(runs, List.of(Arm.WITHOUT_MCP, Arm.WITH_MCP));

    assertEquals(
        List.of("alpha", "beta"),
        summary.byCase().stream().map(Summary.CaseSummary::caseId).toList());
    Map<String, Summary.CaseArmSummary> alpha = summary.byCase().get(0).byArm();
    assertEquals(List.of("without-mcp", "with-mcp"), List.copyOf(alpha.keySet()));
    assertEquals(
        new Summary.CaseArmSummary(
            2, 1, 0.5, true, false, 400L, 5.0, 0.0, List.of("failed", "passed")),
        alpha.get("without-mcp"));
    assertEquals(
        new Summary.CaseArmSummary(
            2, 1, 1.0, true, true, 100L, 2.0, 2.0, List.of("passed", "timeout")),
        alpha.get("with-mcp"));
    Map<String, Summary.CaseArmSummary> beta = summary.byCase().get(1).byArm();
    assertEquals(
        new Summary.CaseArmSummary(1, 0, null, null, null, null, null, null, List.of("error")),
        beta.get("with-mcp"));
  }

  @Test
  void byCaseLeavesOutArmsThatDidNotRun() {
    List<RunResult> runs = List.of(run("alpha", Arm.WITHOUT_MCP, RunStatus.PASSED, 100));

    Summary summary = Summaries.of(runs, List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP));

    assertEquals(List.of("without-mcp"), List.copyOf(summary.byCase().get(0).byArm().keySet()));
    assertEquals(0, summary.byArm().get("with-mcp").runs());
  }

  @Test
  void repetitionsGivePassAtOnePassAtKPassHatKAndFlakyCases() {
    // --runs 3. x: passed, failed, passed (flaky); y: passed ×3; z: failed, failed, error.
    // pass@1 per case: x 2/3, y 1, z 0 (2 verdicts); mean (2/3 + 1 + 0) / 3 = 5/9.
    // Pooled pass rate: 5 passed / 8 verdicts = 0.625.
    // Unbiased estimates from n verdicts, c passes: pass@k = 1 − C(n−c,k)/C(n,k), pass^k =
    // C(c,k)/C(n,k). z has 2 verdicts: in k = 2, left out of k = 3.
    // k = 2: pass@2 x 1 − C(1,2)/C(3,2) = 1, y 1, z 1 − C(2,2)/C(2,2) = 0: mean 2/3;
    //        pass^2 x C(2,2)/C(3,2) = 1/3, y 1, z 0: mean 4/9.
    // k = 3: over x and y only: pass@3 x 1, y 1: 1; pass^3 x 0, y 1: 1/2; 1 case left out.
    List<RunResult> runs =
        repetitions("x passed failed passed", "y passed passed passed", "z failed failed error");

    Summary.ArmSummary summary = Summaries.arm(runs);

    assertEquals(3, summary.k());
    assertEquals(0.625, summary.passRate(), EPSILON);
    assertEquals(5.0 / 9, summary.passAt1(), EPSILON);
    assertEquals(5.0 / 9, summary.passK(1).passAtK(), EPSILON);
    assertEquals(5.0 / 9, summary.passK(1).passHatK(), EPSILON);
    assertEquals(2.0 / 3, summary.passK(2).passAtK(), EPSILON);
    assertEquals(4.0 / 9, summary.passK(2).passHatK(), EPSILON);
    assertEquals(
        new Summary.PassK(2, summary.passK(2).passAtK(), summary.passK(2).passHatK(), 3, 0),
        summary.passK(2));
    assertEquals(new Summary.PassK(3, 1.0, 0.5, 2, 1), summary.passK(3));
    assertEquals(List.of("x"), summary.flakyCases());
    Summary.CaseArmSummary z = withMcpCase(runs, 2);
    assertNull(z.passAtK(), "two verdicts of three runs: no pass@3 to give");
    assertNull(z.passHatK());
  }

  @Test
  void passRateCarriesItsWilsonInterval() {
    // 3 passed of 4: see InferenceTest for the formula; z² = 3.841459, n = 4: denominator
    // 1.960365, centre (0.75 + 0.480182) / 1.960365 = 0.627527, half = 1.959964 ×
    // √(0.046875 + 0.060023) / 1.960365 = 0.326885: [0.300642, 0.954413].
    Summary.ArmSummary summary = Summaries.arm(runs4());

    assertEquals(0.300642, summary.passRateCiLow(), 1e-6);
    assertEquals(0.954413, summary.passRateCiHigh(), 1e-6);
  }

  private List<RunResult> runs4() {
    return cases(
        RunStatus.PASSED, RunStatus.PASSED, RunStatus.PASSED, RunStatus.FAILED, RunStatus.ERROR);
  }

  /**
   * Repeated runs in with-mcp, a case per row: its id, then the status of each of its runs in
   * order.
   */
  private static List<RunResult> repetitions(String... rows) {
    TestResults results = new TestResults();
    for (String row : rows) {
      String[] words = row.split(" ");
      RunStatus[] statuses = new RunStatus[words.length - 1];
      for (int i = 1; i < words.length; i++) {
        statuses[i - 1] = RunStatus.valueOf(words[i].toUpperCase(java.util.Locale.ROOT));
      }
      results.runs(words[0], Arm.WITH_MCP, statuses);
    }
    return results.list();
  }

  /** The by-case summary of the {@code index}th case of {@code runs}, all in with-mcp. */
  private static Summary.CaseArmSummary withMcpCase(List<RunResult> runs, int index) {
    return Summaries.of(runs, List.of(Arm.WITH_MCP)).byCase().get(index).byArm().get(Arm.WITH_MCP);
  }

  /** One run of each case a, b, c, … in with-mcp, one for each of {@code statuses}, 10 ms each. */
  private List<RunResult> cases(RunStatus... statuses) {
    List<RunResult> runs = new java.util.ArrayList<>();
    for (int i = 0; i < statuses.length; i++) {
      runs.add(run(String.valueOf((char) ('a' + i)), Arm.WITH_MCP, statuses[i], 10));
    }
    return runs;
  }

  @Test
  void passAtKAndPassHatKMatchEveryKSubsetOfTheVerdicts() {
    // For n verdicts with c passes, draw every k-subset of them: pass@k is the share holding a
    // pass, pass^k the share holding only passes.
    for (int n = 1; n <= 7; n++) {
      for (int c = 0; c <= n; c++) {
        for (int k = 1; k <= n; k++) {
          int subsets = 0;
          int some = 0;
          int all = 0;
          for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) != k) {
              continue;
            }
            subsets++;
            int passes = Integer.bitCount(mask & ((1 << c) - 1)); // verdicts 0…c−1 are passes
            some += passes > 0 ? 1 : 0;
            all += passes == k ? 1 : 0;
          }
          String where = "n=" + n + " c=" + c + " k=" + k;
          assertEquals((double) some / subsets, Summaries.passAtK(n, c, k), EPSILON, where);
          assertEquals((double) all / subsets, Summaries.passHatK(n, c, k), EPSILON, where);
        }
      }
    }
  }

  @Test
  void oneTimeoutKeepsACaseOutOfPassHatK() {
    // --runs 3. x passed once and timed out twice: one verdict, so it is left out of k = 2 and
    // k = 3 and counted there; it is not "every run passed". y passed three times.
    List<RunResult> runs = repetitions("x passed timeout timeout", "y passed passed passed");

    Summary.ArmSummary summary = Summaries.arm(runs);

    assertEquals(new Summary.PassK(3, 1.0, 1.0, 1, 1), summary.passK(3));
    assertEquals(new Summary.PassK(1, 1.0, 1.0, 2, 0), summary.passK(1));
    Summary.CaseArmSummary x = withMcpCase(runs, 0);
    assertNull(x.passHatK());
    Report report = SampleReports.report(runs, List.of(Arm.WITH_MCP), 3);
    assertTrue(
        MarkdownReport.render(report).contains("| pass^3 (all 3 runs pass) | 100% (1 left out) |"));
  }
}
