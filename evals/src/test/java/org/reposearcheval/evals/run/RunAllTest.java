package org.reposearcheval.evals.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reposearcheval.evals.TestJobs;

/** RunAll's contract with in-process solvers: bounds, order, isolation of failures, interrupts. */
class RunAllTest {

  /** A solver that holds every job until released, counting how many are inside at once. */
  static final class GatedSolver implements Solver {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final List<Integer> startOrder = Collections.synchronizedList(new ArrayList<>());

    @Override
    public RunResult solve(Job job) {
      startOrder.add(job.index());
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        if (!release.await(1, TimeUnit.MINUTES)) {
          throw new IllegalStateException("never released");
        }
        return TestJobs.passed(job);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return RunResult.cancelled(job, 0, "cancelled while running");
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 7})
  void exactlyParallelRunsAreInFlight(int parallel) throws Exception {
    List<Job> jobs = TestJobs.jobs(10, "p");
    GatedSolver solver = new GatedSolver();
    AtomicReference<List<RunResult>> results = new AtomicReference<>();
    Thread runner =
        Thread.ofVirtual()
            .start(() -> results.set(RunAll.run(jobs, parallel, solver, RunListener.NONE)));

    await().atMost(Duration.ofSeconds(10)).until(() -> solver.inFlight.get() == parallel);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> solver.inFlight.get() == parallel);
    solver.release.countDown();
    assertTrue(runner.join(Duration.ofSeconds(30)), "RunAll did not return");

    assertEquals(parallel, solver.maxInFlight.get());
    assertEquals(jobs.size(), results.get().size());
    assertTrue(results.get().stream().allMatch(r -> r.status() == RunStatus.PASSED));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void oneAtATimeInIndexOrderWhenNotParallel(int parallel) {
    List<Job> jobs = TestJobs.jobs(5, "p");
    GatedSolver solver = new GatedSolver();
    solver.release.countDown();

    List<RunResult> results = RunAll.run(jobs, parallel, solver, RunListener.NONE);

    assertEquals(1, solver.maxInFlight.get());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), solver.startOrder);
    assertEquals(10, results.size());
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 5})
  void aJobsThreadIsMadeOnlyOnceItHasAPermit(int parallel) {
    // Thread ids are handed out in creation order. Each solve takes one more id (an unstarted
    // thread) before it returns, that is before its permit is released; the thread of job k can
    // get its permit only after k + 1 - parallel releases, so, made only then, its id is above at
    // least that many of those. A thread forked for every job up front (parked on the semaphore)
    // has an id below all of them.
    List<Job> jobs = TestJobs.jobs(60, "p");
    long[] threadIds = new long[jobs.size()];
    long[] doneIds = new long[jobs.size()];
    Solver recording =
        job -> {
          threadIds[job.index()] = Thread.currentThread().threadId();
          Thread.yield();
          doneIds[job.index()] = Thread.ofVirtual().unstarted(() -> {}).threadId();
          return TestJobs.passed(job);
        };

    List<RunResult> results = RunAll.run(jobs, parallel, recording, RunListener.NONE);

    for (int k = parallel; k < jobs.size(); k++) {
      long mine = threadIds[k];
      long releasedBefore = Arrays.stream(doneIds).filter(id -> id < mine).count();
      assertTrue(
          releasedBefore >= k + 1 - parallel,
          "job " + k + "'s thread was made after only " + releasedBefore + " runs had finished");
    }
    assertEquals(jobs.size(), results.size());
    assertTrue(results.stream().allMatch(r -> r.status() == RunStatus.PASSED));
  }

  @Test
  void aSolverThatGivesItsSlotUpLetsTheNextJobStartWhileItJudges() throws Exception {
    // Each job releases its slot (its agent has ended) and then "judges" until the gate opens:
    // at --parallel 2 all four jobs are judged at once; a slot held to the end would let in two.
    List<Job> jobs = TestJobs.jobs(2, "p");
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger judging = new AtomicInteger();
    Solver releasing =
        new Solver() {
          @Override
          public RunResult solve(Job job) {
            throw new AssertionError("RunAll passes the slot");
          }

          @Override
          public RunResult solve(Job job, Slot slot) {
            slot.release();
            judging.incrementAndGet();
            try {
              if (!gate.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("never released");
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return TestJobs.passed(job);
          }
        };
    AtomicReference<List<RunResult>> results = new AtomicReference<>();
    Thread runner =
        Thread.ofVirtual()
            .start(() -> results.set(RunAll.run(jobs, 2, releasing, RunListener.NONE)));

    await().atMost(Duration.ofSeconds(10)).until(() -> judging.get() == jobs.size());
    gate.countDown();
    assertTrue(runner.join(Duration.ofSeconds(30)), "RunAll did not return");
    assertTrue(results.get().stream().allMatch(r -> r.status() == RunStatus.PASSED));
  }

  @Test
  void listenersHearOfAJobAfterItsSlotWentToTheNext() throws Exception {
    // The journal forces each line to disk in finished(): that is no reason for the next agent to
    // wait. Here finished() blocks until the gate opens, and the third job still starts.
    List<Job> jobs = TestJobs.jobs(3, "p").subList(0, 3);
    CountDownLatch gate = new CountDownLatch(1);
    List<Integer> solved = Collections.synchronizedList(new ArrayList<>());
    Solver quick =
        job -> {
          solved.add(job.index());
          return TestJobs.passed(job);
        };
    RunListener slowJournal =
        new RunListener() {
          @Override
          public void finished(Job job, RunResult result) {
            try {
              if (!gate.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("never released");
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    AtomicReference<List<RunResult>> results = new AtomicReference<>();
    Thread runner =
        Thread.ofVirtual().start(() -> results.set(RunAll.run(jobs, 2, quick, slowJournal)));

    await().atMost(Duration.ofSeconds(10)).until(() -> solved.size() == 3);
    gate.countDown();
    assertTrue(runner.join(Duration.ofSeconds(30)), "RunAll did not return");
    assertEquals(3, results.get().size());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void listenersHearOnceWhenTheLastJobIsHandedOut(int parallel) {
    // The last job gets its slot only once all but `parallel` of the others have been solved.
    List<Job> jobs = TestJobs.jobs(5, "p");
    AtomicInteger solved = new AtomicInteger();
    List<Integer> solvedWhenLastStarted = Collections.synchronizedList(new ArrayList<>());
    RunListener listener =
        new RunListener() {
          @Override
          public void lastStarted() {
            solvedWhenLastStarted.add(solved.get());
          }
        };
    Solver counting =
        job -> {
          RunResult result = TestJobs.passed(job);
          solved.incrementAndGet();
          return result;
        };

    RunAll.run(jobs, parallel, counting, listener);

    assertEquals(1, solvedWhenLastStarted.size(), "heard " + solvedWhenLastStarted);
    assertTrue(
        solvedWhenLastStarted.get(0) >= jobs.size() - Math.max(1, parallel),
        "only " + solvedWhenLastStarted.get(0) + " of " + jobs.size() + " had been solved");
  }

  @Test
  void resultsStayInIndexOrderWhateverFinishesFirst() {
    List<Job> jobs = TestJobs.jobs(4, "p");
    // Each job waits for the one after it: they finish in exactly reverse order.
    List<CountDownLatch> finished = new ArrayList<>();
    jobs.forEach(j -> finished.add(new CountDownLatch(1)));
    List<Integer> finishOrder = Collections.synchronizedList(new ArrayList<>());
    Solver reverse =
        job -> {
          try {
            if (job.index() + 1 < jobs.size()
                && !finished.get(job.index() + 1).await(30, TimeUnit.SECONDS)) {
              throw new IllegalStateException("the next job never finished");
            }
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          finishOrder.add(job.index());
          finished.get(job.index()).countDown();
          return TestJobs.passed(job);
        };

    List<RunResult> results = RunAll.run(jobs, jobs.size(), reverse, RunListener.NONE);

    assertEquals(List.of(7, 6, 5, 4, 3, 2, 1, 0), finishOrder);
    for (int i = 0; i < jobs.size(); i++) {
      assertEquals(i, results.get(i).index());
      assertEquals(jobs.get(i).testCase().id(), results.get(i).caseId());
      assertEquals(jobs.get(i).arm().name(), results.get(i).arm());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void oneRunsFailureNeverCancelsOrLosesAnother(int parallel) {
    List<Job> jobs = TestJobs.jobs(5, "p");
    Solver flaky =
        job -> {
          if (job.index() == 3) {
            throw new IllegalStateException("solver bug");
          }
          return TestJobs.passed(job);
        };

    List<RunResult> results = RunAll.run(jobs, parallel, flaky, RunListener.NONE);

    assertEquals(RunStatus.ERROR, results.get(3).status());
    assertTrue(results.get(3).error().contains("solver bug"), results.get(3).error());
    assertEquals(9, results.stream().filter(r -> r.status() == RunStatus.PASSED).count());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void interruptCancelsRunningAndUnstartedJobsAndKeepsFinishedOnes(int parallel) throws Exception {
    List<Job> jobs = TestJobs.jobs(5, "p");
    GatedSolver gated = new GatedSolver();
    // Job 0 finishes at once; the rest wait at the gate until interrupted.
    Solver solver = job -> job.index() == 0 ? TestJobs.passed(job) : gated.solve(job);
    AtomicReference<List<RunResult>> results = new AtomicReference<>();
    AtomicReference<Boolean> interruptSeen = new AtomicReference<>();
    Thread runner =
        Thread.ofVirtual()
            .start(
                () -> {
                  results.set(RunAll.run(jobs, parallel, solver, RunListener.NONE));
                  interruptSeen.set(Thread.currentThread().isInterrupted());
                });

    await().atMost(Duration.ofSeconds(10)).until(() -> gated.inFlight.get() == parallel);
    runner.interrupt();
    runner.join(Duration.ofSeconds(10));

    assertFalse(runner.isAlive());
    assertTrue(interruptSeen.get(), "the caller must see that the run was interrupted");
    assertEquals(RunStatus.PASSED, results.get().get(0).status());
    assertEquals(jobs.size(), results.get().size());
    assertTrue(
        results.get().stream().skip(1).allMatch(r -> r.status() == RunStatus.CANCELLED),
        results.get().toString());
  }

  @Test
  void listenerHearsEveryStartAndFinish() {
    List<Job> jobs = TestJobs.jobs(6, "p");
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger planned = new AtomicInteger();
    RunListener listener =
        new RunListener() {
          @Override
          public void planned(int count, int parallel) {
            planned.set(count);
          }

          @Override
          public void started(Job job) {
            started.incrementAndGet();
          }

          @Override
          public void finished(Job job, RunResult result) {
            finished.incrementAndGet();
          }
        };

    RunAll.run(jobs, 4, TestJobs::passed, listener);

    assertEquals(12, planned.get());
    assertEquals(12, started.get());
    assertEquals(12, finished.get());
  }
}
