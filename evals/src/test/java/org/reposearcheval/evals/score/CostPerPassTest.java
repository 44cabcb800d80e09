package org.reposearcheval.evals.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;

/** The cost of an extra correct answer, against values worked out by hand. */
class CostPerPassTest {
  private static final double EPSILON = 1e-9;
  private static final List<String> BOTH = List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP);

  /**
   * Ten cases: the first {@code flips} pass with MCP only, the next two pass in both, the rest fail
   * in both; every with-MCP run costs {@code withCost}, every baseline run {@code withoutCost}
   * (null: not reported).
   */
  private static List<RunResult> suite(int flips, Double withCost, Double withoutCost) {
    TestResults results = new TestResults();
    for (int i = 0; i < 10; i++) {
      boolean both = i >= flips && i < flips + 2;
      results.add(
          "c" + i,
          Arm.WITH_MCP,
          1,
          i < flips + 2 ? RunStatus.PASSED : RunStatus.FAILED,
          1000,
          withCost,
          500,
          5);
      results.add(
          "c" + i,
          Arm.WITHOUT_MCP,
          1,
          both ? RunStatus.PASSED : RunStatus.FAILED,
          1000,
          withoutCost,
          500,
          5);
    }
    return results.list();
  }

  private static CostPerPass of(List<RunResult> results) {
    return Statistics.of(results, BOTH).comparisons().getFirst().costPerExtraPass();
  }

  @Test
  void fourExtraPassesForTwentyCentsAreFiveCentsEach() {
    // Δcost = 10 × (0.05 − 0.03) = 0.20; Δpasses = 4: $0.05 per extra correct answer.
    // Bootstrap: every case adds 0.02, so a resample costs 0.20 more and gains k passes,
    // k ~ Bin(10, 0.4); its ratio is 0.2 / k, unbounded at k = 0 (P = 0.6^10 = 0.006).
    // Low end, the 250th smallest ratio: P(k >= 8) = 0.012 < 0.025 <= P(k >= 7) = 0.055,
    // so 0.2 / 7 = 0.028571. High end, the 250th largest: the unbounded ones are about 60 and
    // k = 1 (P = 0.040, about 403) covers the rest, so 0.2 / 1 = 0.20.
    CostPerPass c = of(suite(4, 0.05, 0.03));

    assertEquals(10, c.cases());
    assertEquals(0.20, c.extraCostUsd(), EPSILON);
    assertEquals(4.0, c.extraPasses(), EPSILON);
    assertEquals(0.05, c.usdPerPass(), EPSILON);
    assertEquals(0.2 / 7, c.interval().low(), EPSILON);
    assertEquals(0.20, c.interval().high(), EPSILON);
    assertNull(c.interval().notInformative());
    assertNull(c.undefined());
  }

  @Test
  void moreCorrectAnswersForLessIsANegativePrice() {
    // Δcost = 10 × (0.02 − 0.03) = −0.10 over 4 passes: −$0.025 each.
    CostPerPass c = of(suite(4, 0.02, 0.03));

    assertEquals(-0.025, c.usdPerPass(), EPSILON);
    assertTrue(
        c.describe(false)
            .startsWith("Cost per extra correct answer: −$0.025 (more correct answers for less)"),
        c.describe(false));
  }

  @Test
  void aPriceEveryResampleAgreesOnSaysItsIntervalIsNotInformative() {
    // Equal costs: every resample's extra cost is 0, so every price is $0: the interval
    // $0 to $0 says nothing about the spread.
    CostPerPass c = of(suite(4, 0.03, 0.03));

    assertEquals(0.0, c.usdPerPass(), EPSILON);
    assertEquals("every resample gives the same price", c.interval().notInformative());
  }

  @Test
  void noExtraPassOrNoCostLeavesNothingToPrice() {
    CostPerPass none = of(suite(0, 0.05, 0.03));
    CostPerPass unknown = of(suite(4, null, null));

    assertNull(none.usdPerPass());
    assertEquals(0.20, none.extraCostUsd(), EPSILON);
    assertEquals(
        "Cost per extra correct answer: none to price, the arm passes no more cases than the"
            + " baseline (cost +$0.20).",
        none.describe(false));
    assertNull(unknown.usdPerPass());
    assertEquals("no paired case reported a cost in both", unknown.undefined());
  }
}
