package org.reposearcheval.evals.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.Fingerprint;
import org.reposearcheval.evals.suite.TestCase;

/** The allocation of {@code --runs auto}: who gets another round, and only that. */
class AutoRunsTest {
  private static final List<Arm> ARMS = TestJobs.bothArms();

  private static List<Job> potential(int cases, int max) {
    List<Job> jobs = new ArrayList<>();
    for (int c = 0; c < cases; c++) {
      TestCase testCase =
          new TestCase(
              "case-" + c,
              "q",
              new Expectations(List.of("a"), List.<Pattern>of(), List.of()),
              List.of(),
              Optional.empty(),
              Path.of("case-" + c + ".json"),
              Fingerprint.of(new byte[] {(byte) c}));
      for (int run = 1; run <= max; run++) {
        for (Arm arm : ARMS) {
          jobs.add(new Job(jobs.size(), testCase, arm, run));
        }
      }
    }
    return jobs;
  }

  /** Runs per case and arm when each job's status is {@code status}. */
  private static Map<String, Integer> allocate(
      List<Job> potential, List<RunResult> kept, BiFunction<Job, Integer, RunStatus> status) {
    List<RunResult> fresh =
        AutoRuns.run(
            potential,
            kept,
            5,
            () -> false,
            (jobs, round) ->
                jobs.stream()
                    .map(j -> RunResultBuilder.of(j).status(status.apply(j, round)).build())
                    .toList());
    Map<String, Integer> runs = new TreeMap<>();
    for (RunResult r : fresh) {
      runs.merge(r.caseId() + "/" + r.arm(), 1, Integer::sum);
    }
    return runs;
  }

  @Test
  void aCaseWhoseArmsAgreeRunsOnceAndOneWhoseResultsDifferRunsTheMaximum() {
    // case-0: both pass; case-1: both fail; case-2: the arms differ in every run.
    Map<String, Integer> runs =
        allocate(
            potential(3, 5),
            List.of(),
            (job, round) ->
                switch (job.testCase().id()) {
                  case "case-0" -> RunStatus.PASSED;
                  case "case-1" -> RunStatus.FAILED;
                  default ->
                      job.arm().name().equals(Arm.WITH_MCP) ? RunStatus.PASSED : RunStatus.FAILED;
                });

    assertEquals(
        Map.of(
            "case-0/with-mcp", 1,
            "case-0/without-mcp", 1,
            "case-1/with-mcp", 1,
            "case-1/without-mcp", 1,
            "case-2/with-mcp", 5,
            "case-2/without-mcp", 5),
        runs);
  }

  @Test
  void swappingTheArmsLabelsGivesTheSameAllocation() {
    // Outcomes drawn per case, arm and run; the swapped world gives each arm the other's.
    BiFunction<Job, Boolean, RunStatus> outcome =
        (job, swapped) -> {
          boolean withMcp = job.arm().name().equals(Arm.WITH_MCP) != swapped;
          int seed = job.testCase().id().hashCode() * 31 + (withMcp ? 7 : 3) * 17 + job.run();
          return new java.util.SplittableRandom(seed).nextDouble() < (withMcp ? 0.7 : 0.4)
              ? RunStatus.PASSED
              : RunStatus.FAILED;
        };
    List<Job> jobs = potential(40, 5);
    Map<String, Integer> runs = allocate(jobs, List.of(), (j, r) -> outcome.apply(j, false));
    Map<String, Integer> swapped = allocate(jobs, List.of(), (j, r) -> outcome.apply(j, true));

    assertEquals(runs, swapped);
    // Positive control: the allocation did vary between cases.
    assertTrue(runs.containsValue(1) && runs.containsValue(5), runs.toString());
  }

  @Test
  void aResumedRunContinuesTheAllocationFromTheKeptResults() {
    List<Job> jobs = potential(2, 5);
    // Kept: round 1 of both cases (case-0 agreed, case-1 differed) and round 2 of case-1.
    List<RunResult> kept = new ArrayList<>();
    for (Job j : jobs) {
      boolean differs = j.testCase().id().equals("case-1");
      if (j.run() == 1 || (differs && j.run() == 2)) {
        boolean pass = !differs || j.arm().name().equals(Arm.WITH_MCP);
        kept.add(RunResultBuilder.of(j).status(pass ? RunStatus.PASSED : RunStatus.FAILED).build());
      }
    }
    List<Integer> rounds = new ArrayList<>();
    List<RunResult> fresh =
        AutoRuns.run(
            jobs,
            kept,
            5,
            () -> false,
            (todo, round) -> {
              rounds.add(round);
              return todo.stream()
                  .map(j -> RunResultBuilder.of(j).status(RunStatus.PASSED).build())
                  .toList();
            });

    assertEquals(List.of(3, 4, 5), rounds, "rounds 1 and 2 are kept, not run again");
    assertEquals(6, fresh.size());
    assertTrue(fresh.stream().allMatch(r -> r.caseId().equals("case-1")));
  }

  @Test
  void aCaseWithARunThatDidNotEndGetsNoFurtherRound() {
    List<Job> jobs = potential(1, 5);
    List<RunResult> round1 =
        List.of(
            RunResultBuilder.of(jobs.get(0)).status(RunStatus.PASSED).build(),
            RunResult.cancelled(jobs.get(1), 0, CostBudget.NOT_STARTED));

    assertFalse(AutoRuns.another(round1, 2, 1));
    assertEquals("1 run: stopped before the maximum", AutoRuns.why(round1, 2, 5));
    // Positive control: the same round ended in a failure asks for another.
    List<RunResult> ended =
        List.of(round1.get(0), RunResultBuilder.of(jobs.get(1)).status(RunStatus.FAILED).build());
    assertTrue(AutoRuns.another(ended, 2, 1));
  }

  @Test
  void theReportSaysWhy() {
    List<Job> jobs = potential(1, 2);
    RunResult pass1 = RunResultBuilder.of(jobs.get(0)).status(RunStatus.PASSED).build();
    RunResult pass2 = RunResultBuilder.of(jobs.get(1)).status(RunStatus.PASSED).build();
    RunResult fail2 = RunResultBuilder.of(jobs.get(1)).status(RunStatus.FAILED).build();
    RunResult pass3 = RunResultBuilder.of(jobs.get(2)).status(RunStatus.PASSED).build();
    RunResult fail4 = RunResultBuilder.of(jobs.get(3)).status(RunStatus.FAILED).build();

    assertEquals("1 run: arms agreed", AutoRuns.why(List.of(pass1, pass2), 2, 5));
    assertEquals(
        "2 runs: verdicts differed", AutoRuns.why(List.of(pass1, fail2, pass3, fail4), 2, 2));
    RunResult error4 = RunResultBuilder.of(jobs.get(3)).status(RunStatus.ERROR).build();
    assertEquals(
        "2 runs: results differed", AutoRuns.why(List.of(pass1, fail2, pass3, error4), 2, 2));
    assertEquals(
        "2 runs: stopped before the maximum",
        AutoRuns.why(List.of(pass1, fail2, pass3, fail4), 2, 5));
  }
}
