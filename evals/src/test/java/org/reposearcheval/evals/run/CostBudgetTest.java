package org.reposearcheval.evals.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.TestJobs;

/** The money budget counts what was spent and what the runs in flight are expected to cost. */
class CostBudgetTest {
  private static final double EPSILON = 1e-12;

  @Test
  void theRunsInFlightCountAtTheirExpectedCostAndARefusalStopsEveryLaterStart() {
    List<Job> jobs = TestJobs.jobs(3, "c"); // 6 jobs
    // Expected $0.04 for jobs 0-2 (history), $0.001 for job 3, unknown for 4 and 5.
    Map<Integer, Double> expected = Map.of(0, 0.04, 1, 0.04, 2, 0.04, 3, 0.001);
    CostBudget budget = new CostBudget(0.10, job -> expected.get(job.index()));

    assertTrue(budget.tryStart(jobs.get(0))); // 0 + 0.04 in flight
    assertTrue(budget.tryStart(jobs.get(1))); // 0.08 in flight
    assertFalse(budget.tryStart(jobs.get(2)), "0.08 + 0.04 would pass 0.10");
    assertFalse(budget.tryStart(jobs.get(3)), "once refused, nothing later starts, cheap or not");

    budget.finished(jobs.get(0), RunResultBuilder.of(jobs.get(0)).costUsd(0.05).build());
    budget.finished(jobs.get(2), budget.notStarted(jobs.get(2)));
    assertEquals(0.05, budget.spentUsd(), EPSILON);
    assertEquals(CostBudget.NOT_STARTED, budget.notStarted(jobs.get(2)).error());
    assertEquals(RunStatus.CANCELLED, budget.notStarted(jobs.get(2)).status());
  }

  @Test
  void withoutHistoryTheRunningMeanOfThisRunIsTheExpectation() {
    List<Job> jobs = TestJobs.jobs(2, "c"); // 4 jobs, nothing known
    CostBudget budget = new CostBudget(0.05, job -> null);

    assertTrue(budget.tryStart(jobs.get(0)), "nothing known: expected 0");
    budget.finished(jobs.get(0), RunResultBuilder.of(jobs.get(0)).costUsd(0.03).build());
    // Spent 0.03; expected the mean, 0.03: 0.06 > 0.05.
    assertFalse(budget.tryStart(jobs.get(1)));
  }
}
