package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunAll;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Solver;

/** Many short runs, finishing in random order, some failing: none lost, none out of place. */
class StressTest {

  @RepeatedTest(20)
  void thousandRunsAtParallel64GiveExactlyAThousandResultsInIndexOrder() {
    List<Job> jobs = TestJobs.jobs(500, "p");
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    Solver jittery =
        job -> {
          maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            int roll = ThreadLocalRandom.current().nextInt(100);
            if (roll < 3) {
              throw new IllegalStateException("solver bug " + job.index());
            }
            for (int i = roll; i > 0; i--) {
              Thread.yield();
            }
            return TestJobs.passed(job);
          } finally {
            inFlight.decrementAndGet();
          }
        };

    List<RunResult> results = RunAll.run(jobs, 64, jittery, RunListener.NONE);

    assertEquals(1000, results.size());
    for (int i = 0; i < results.size(); i++) {
      assertEquals(i, results.get(i).index());
      assertEquals(jobs.get(i).testCase().id(), results.get(i).caseId());
      assertEquals(jobs.get(i).arm().name(), results.get(i).arm());
    }
    assertEquals(
        1000,
        results.stream()
            .filter(r -> r.status() == RunStatus.PASSED || r.status() == RunStatus.ERROR)
            .count());
    assertEquals(true, maxInFlight.get() <= 64, "in flight: " + maxInFlight.get());
  }
}
