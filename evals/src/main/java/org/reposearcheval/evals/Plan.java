package org.reposearcheval.evals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.TestCase;

/**
 * What a run does, decided once before anything starts: every job in index order, the journaled
 * results it keeps, and the jobs still to run. A fresh run keeps nothing; a resumed one keeps what
 * still stands.
 */
record Plan(List<Job> jobs, List<RunResult> kept, List<Job> todo) {

  /** One run of the plan, whether planned as a job or read back as a result. */
  record RunId(String caseId, String arm, int run) {
    static RunId of(Job job) {
      return new RunId(job.testCase().id(), job.arm().name(), job.run());
    }

    static RunId of(RunResult result) {
      return new RunId(result.caseId(), result.arm(), result.run());
    }

    /** As merge's messages have always shown a run. */
    @Override
    public String toString() {
      return "RunId[caseId=" + caseId + ", mode=" + arm + ", run=" + run + "]";
    }
  }

  /** Builds the entry at {@code index} of the run order. */
  interface Entry<C, A, T> {
    T at(int index, C testCase, A arm, int run);
  }

  /** The run order, which is the report's: cases by id, then repetitions, then arms in order. */
  static <C, A, T> List<T> inRunOrder(List<C> cases, List<A> arms, int runs, Entry<C, A, T> entry) {
    List<T> entries = new ArrayList<>();
    for (C testCase : cases) {
      for (int run = 1; run <= runs; run++) {
        for (A arm : arms) {
          entries.add(entry.at(entries.size(), testCase, arm, run));
        }
      }
    }
    return entries;
  }

  /** Jobs in index order. */
  static List<Job> jobs(List<TestCase> cases, List<Arm> arms, int runs) {
    return inRunOrder(cases, arms, runs, Job::new);
  }

  /** A fresh run: every job still to run. */
  /** The share of {@code suite}'s jobs that {@code settings} says this run does. */
  static List<Job> jobs(EvalSettings settings, Preflight.Checked suite) {
    return jobs(
        settings.suite().shard().select(suite.cases()), suite.arms(), settings.schedule().runs());
  }

  static Plan fresh(List<Job> jobs) {
    return new Plan(jobs, List.of(), jobs);
  }

  /**
   * A resumed run keeps the journaled results that still stand: the job is still planned and its
   * case is unchanged since it ran. They take the job's current index (cases may have been added
   * since). When a run was journaled twice, the later line wins.
   */
  static Plan resumed(
      List<Job> jobs,
      List<RunResult> journaled,
      Map<String, String> recordedFingerprints,
      Map<String, String> currentFingerprints) {
    Map<RunId, Job> planned = new HashMap<>();
    jobs.forEach(job -> planned.put(RunId.of(job), job));
    Map<RunId, RunResult> kept = new HashMap<>();
    for (RunResult result : journaled) {
      Job job = planned.get(RunId.of(result));
      boolean unchanged =
          Objects.equals(
              recordedFingerprints.get(result.caseId()), currentFingerprints.get(result.caseId()));
      if (job != null && unchanged) {
        kept.put(RunId.of(result), result.with(result.key().withIndex(job.index())));
      }
    }
    List<RunResult> keep =
        kept.values().stream().sorted(Comparator.comparingInt(RunResult::index)).toList();
    Set<Integer> done = new HashSet<>();
    keep.forEach(result -> done.add(result.index()));
    return new Plan(jobs, keep, jobs.stream().filter(job -> !done.contains(job.index())).toList());
  }

  /**
   * Every job's result in index order: the kept ones and the {@code fresh} ones. Under {@code
   * --runs auto} the plan holds every run a case could get and only some ran: the results are those
   * that ran, in the same order, each index its place among them.
   */
  List<RunResult> results(List<RunResult> fresh) {
    RunResult[] results = new RunResult[jobs.size()];
    kept.forEach(r -> results[r.index()] = r);
    fresh.forEach(r -> results[r.index()] = r);
    List<RunResult> ran = new ArrayList<>();
    for (RunResult r : results) {
      if (r != null) {
        ran.add(r.index() == ran.size() ? r : r.with(r.key().withIndex(ran.size())));
      }
    }
    return List.copyOf(ran);
  }
}
