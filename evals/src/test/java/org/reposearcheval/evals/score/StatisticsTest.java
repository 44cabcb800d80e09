package org.reposearcheval.evals.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.report.ArmConfig;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportConfig;
import org.reposearcheval.evals.report.Timing;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;

/** The paired statistics from raw results, each number against a hand-computed example. */
class StatisticsTest {
  private static final double EPSILON = 1e-9;
  private static final List<String> BOTH = List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP);

  /**
   * Seven answered cases a…g plus h, whose with-MCP run errored. With MCP passes all seven; without
   * passes a only. Durations with MCP 10…70 s, without 11…77 s (differences -1…-7 s); turns with
   * MCP are the baseline's 10 plus 1, -2, 3, 4, 5, 6, 7; costs and tokens equal.
   */
  private static List<RunResult> sevenPairedCases() {
    TestResults results = new TestResults();
    String[] ids = {"a", "b", "c", "d", "e", "f", "g"};
    int[] turnDifference = {1, -2, 3, 4, 5, 6, 7};
    for (int i = 0; i < ids.length; i++) {
      long seconds = 10L * (i + 1);
      results.add(
          ids[i],
          Arm.WITH_MCP,
          1,
          RunStatus.PASSED,
          seconds * 1000,
          0.05,
          700,
          10 + turnDifference[i]);
      results.add(
          ids[i],
          Arm.WITHOUT_MCP,
          1,
          i == 0 ? RunStatus.PASSED : RunStatus.FAILED,
          seconds * 1100,
          0.05,
          700,
          10);
    }
    results.add("h", Arm.WITH_MCP, RunStatus.ERROR).add("h", Arm.WITHOUT_MCP, RunStatus.PASSED);
    return results.list();
  }

  @Test
  void defaultPairComparesWithMcpAgainstWithoutMcp() {
    Statistics statistics = Statistics.of(sevenPairedCases(), BOTH);

    assertEquals(Arm.WITHOUT_MCP, statistics.baseline());
    assertEquals(1, statistics.comparisons().size());
    PairedStatistics paired = statistics.comparisons().getFirst();
    assertEquals(Arm.WITH_MCP, paired.arm());
    assertEquals(Arm.WITHOUT_MCP, paired.baseline());
    assertEquals(7, paired.pairedCases());
    assertEquals(List.of("h"), paired.unpairedCases());
    assertEquals(10_000, statistics.bootstrapResamples());
    assertEquals(Inference.SEED, statistics.seed());
  }

  @Test
  void flipsAndMcnemar() {
    // b…g pass with MCP only (6), none without MCP only: two-sided p = 2 × (1/2)^6 = 0.03125.
    PairedStatistics paired = Statistics.of(sevenPairedCases(), BOTH).comparisons().getFirst();

    assertEquals(List.of("b", "c", "d", "e", "f", "g"), paired.flips().armOnly());
    assertEquals(List.of(), paired.flips().baselineOnly());
    assertEquals(6, paired.mcnemar().armOnly());
    assertEquals(0, paired.mcnemar().baselineOnly());
    assertEquals(
        new Decision(
            "mcnemar-exact", 0.03125, 0.03125, PairedStatistics.PASS_RATE_FAMILY, 1, true, true),
        paired.mcnemar().decision());
  }

  @Test
  void passRateDeltaIsTheMeanPerCaseDifferenceWithItsBootstrapInterval() {
    // Per case deltas (with − without): a 0, b…g +1: mean 6/7 = 0.857143.
    // A resample's mean is k/7 with k ~ Bin(7, 6/7): P(k <= 3) = 0.0102 and P(k <= 4) = 0.0652,
    // so the 2.5th percentile is 4/7 (of 10,000 resamples about 102 have k <= 3 and about 652
    // k <= 4, either side of the 250th); P(k = 7) = (6/7)^7 = 0.34 > 0.025, so the 97.5th is 1.
    PairedStatistics paired = Statistics.of(sevenPairedCases(), BOTH).comparisons().getFirst();

    assertEquals(6.0 / 7, paired.passRateDelta().estimate(), EPSILON);
    assertEquals(4.0 / 7, paired.passRateDelta().ciLow(), EPSILON);
    assertEquals(1.0, paired.passRateDelta().ciHigh(), EPSILON);
  }

  @Test
  void durationIsComparedCaseByCase() {
    // Differences -1 s … -7 s, all one way, no ties: two-sided exact p = 2/2^7 = 0.015625.
    // Medians: with 40 s, without 44 s; ratio 40/44 = 0.909091.
    Measure duration =
        Statistics.of(sevenPairedCases(), BOTH).comparisons().getFirst().durationMs();

    assertEquals(7, duration.pairs());
    assertEquals(40_000, duration.armMedian(), EPSILON);
    assertEquals(44_000, duration.baselineMedian(), EPSILON);
    assertEquals(40.0 / 44, duration.ratio(), EPSILON);
    assertEquals(0.015625, duration.decision().pValue(), EPSILON);
  }

  @Test
  void turnsWithOneSmallDifferenceTheOtherWay() {
    // Differences 1, -2, 3, 4, 5, 6, 7: W- = 2. Sign patterns of ranks 1…7 with negative sum
    // <= 2: {}, {1}, {2}: 3 of 128. Two-sided p = 6/128 = 0.046875.
    // Medians: with 14 (11, 8, 13, 14, 15, 16, 17 sorted: 8 11 13 14 15 16 17), without 10.
    Measure turns = Statistics.of(sevenPairedCases(), BOTH).comparisons().getFirst().turns();

    assertEquals(14, turns.armMedian(), EPSILON);
    assertEquals(10, turns.baselineMedian(), EPSILON);
    assertEquals(1.4, turns.ratio(), EPSILON);
    assertEquals(0.046875, turns.decision().pValue(), EPSILON);
  }

  @Test
  void equalCostsAndTokensHaveNothingToTest() {
    // Tokens per run: 100 input, no cache, 700 output, in both arms.
    PairedStatistics paired = Statistics.of(sevenPairedCases(), BOTH).comparisons().getFirst();

    // Every difference is 0: the interval cannot move and says so.
    Interval zero =
        new Interval(0, 0, 0, "every case's difference is the same, so resampling cannot move it");
    assertEquals(new Measure(7, 0, 0.05, 0.05, 1.0, zero, null), paired.costUsd());
    assertEquals(new Measure(7, 0, 100.0, 100.0, 1.0, zero, null), paired.inputTokens());
    assertEquals(new Measure(7, 0, 0.0, 0.0, null, zero, null), paired.cacheReadTokens());
    assertEquals(new Measure(7, 0, 700.0, 700.0, 1.0, zero, null), paired.outputTokens());
  }

  @Test
  void repetitionsCountAsPassingWhenAtLeastHalfPass() {
    // Case x: with MCP 2 of 3 passed (passes), without 1 of 3 (fails): a flip.
    // Case y: with MCP 1 of 2 (passes: half), without 0 of 2: a flip. Delta mean =
    // ((2/3 − 1/3) + (1/2 − 0)) / 2 = 5/12.
    TestResults results = new TestResults();
    for (int run = 1; run <= 3; run++) {
      results.add(
          "x", Arm.WITH_MCP, run, run < 3 ? RunStatus.PASSED : RunStatus.FAILED, 1, 0.0, 1, 1);
      results.add(
          "x", Arm.WITHOUT_MCP, run, run < 2 ? RunStatus.PASSED : RunStatus.FAILED, 1, 0.0, 1, 1);
      results.add(
          "y",
          Arm.WITH_MCP,
          run,
          run == 1 ? RunStatus.PASSED : run == 2 ? RunStatus.FAILED : RunStatus.TIMEOUT,
          1,
          0.0,
          1,
          1);
      results.add(
          "y", Arm.WITHOUT_MCP, run, run == 3 ? RunStatus.ERROR : RunStatus.FAILED, 1, 0.0, 1, 1);
    }

    PairedStatistics paired = Statistics.of(results.list(), BOTH).comparisons().getFirst();

    assertEquals(List.of("x", "y"), paired.flips().armOnly());
    assertEquals(5.0 / 12, paired.passRateDelta().estimate(), EPSILON);
  }

  @Test
  void namedVariantsAreEachComparedWithTheBaseline() {
    List<RunResult> results =
        new TestResults()
            .add("a", Arm.WITH_MCP, RunStatus.PASSED)
            .add("a", "mcp-v2", RunStatus.FAILED)
            .add("a", Arm.WITHOUT_MCP, RunStatus.FAILED)
            .add("b", Arm.WITH_MCP, RunStatus.PASSED)
            .add("b", "mcp-v2", RunStatus.PASSED)
            .add("b", Arm.WITHOUT_MCP, RunStatus.PASSED)
            .list();

    Statistics statistics =
        Statistics.of(results, List.of(Arm.WITH_MCP, "mcp-v2", Arm.WITHOUT_MCP));

    assertEquals(
        List.of(Arm.WITH_MCP, "mcp-v2"),
        statistics.comparisons().stream().map(PairedStatistics::arm).toList());
    assertEquals(List.of("a"), statistics.comparisons().get(0).flips().armOnly());
    assertEquals(List.of(), statistics.comparisons().get(1).flips().armOnly());
    assertEquals(List.of(), statistics.comparisons().get(1).flips().baselineOnly());
  }

  @Test
  void withoutTheDefaultBaselineTheFirstArmIsTheBaseline() {
    assertEquals("sonnet", Statistics.baselineOf(List.of("sonnet", "opus")));
    assertEquals(Arm.WITHOUT_MCP, Statistics.baselineOf(List.of("opus", Arm.WITHOUT_MCP)));
    assertNull(Statistics.baselineOf(List.of()));
    assertEquals(List.of(), Statistics.of(List.of(), List.of(Arm.WITH_MCP)).comparisons());
    assertThrows(IllegalArgumentException.class, () -> Statistics.of(List.of(), BOTH, "opus"));
  }

  @Test
  void recomputedReportIgnoresStoredSummariesAndKeepsTheRecordedBaseline() {
    List<RunResult> results = sevenPairedCases();
    ReportConfig config =
        new ReportConfig(
            1,
            1,
            List.of(
                new ArmConfig(Arm.WITH_MCP, "mcp.json", List.of("repo"), null),
                new ArmConfig(Arm.WITHOUT_MCP, null, List.of(), null)),
            List.of(),
            "1/1",
            "10m",
            null,
            null,
            "claude",
            "9.9.9",
            "cases",
            ".",
            List.of(),
            null,
            Map.of(),
            null,
            null,
            false);
    Statistics againstWithMcp = Statistics.of(results, BOTH, Arm.WITH_MCP);
    Report stale =
        new Report(
            1,
            "t0",
            "t1",
            config,
            results,
            new Summary(java.util.Map.of(), List.of()),
            againstWithMcp,
            new Timing(1, 1, 1, 1),
            null);

    Report fresh = stale.recomputed();

    assertEquals(Summaries.of(results, BOTH), fresh.summary());
    assertEquals(Arm.WITH_MCP, fresh.statistics().baseline());
    assertEquals(
        List.of("b", "c", "d", "e", "f", "g"),
        fresh.statistics().comparisons().getFirst().flips().baselineOnly());
  }
}
