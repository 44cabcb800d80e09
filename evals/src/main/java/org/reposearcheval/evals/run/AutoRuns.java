package org.reposearcheval.evals.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@code --runs auto[:K]}: repeats only where they can decide. Every case runs once in every arm
 * (round 1); a case gets another round, in every arm, only while the results it has differ, between
 * the arms or between runs, up to {@code K} rounds ({@value #DEFAULT_MAX} for {@code auto} alone).
 * Whether a further round runs depends only on whether the case's results differ, never on which
 * arm did better: swapping the arms' labels gives the same allocation, so each case's difference
 * between the arms (pass rate minus pass rate, over the same number of runs in each arm) is as
 * likely one way as the other when the arms do not differ, and the paired tests on those
 * differences keep their error rate.
 *
 * <p>The allocation is a function of the results alone, so a resumed run continues it: the rounds
 * are computed again from the journal's results, and only what is missing runs. A case with a run
 * that did not end ({@code cancelled}: stopped, or refused by the money budget) gets no further
 * round until that run has been done.
 */
public final class AutoRuns {
  /** The most rounds of {@code --runs auto} without {@code :K}. */
  public static final int DEFAULT_MAX = 5;

  /** Runs one round's jobs to their end and returns their results. */
  @FunctionalInterface
  public interface Round {
    List<RunResult> run(List<Job> jobs, int round);
  }

  private AutoRuns() {}

  /**
   * Runs the rounds of {@code potential} (every case in every arm for runs 1 to {@code max}, in
   * index order) that the results call for, {@code kept} results counting as done; stops before a
   * round once {@code stopped} says so. Returns the fresh results in the order they ran.
   */
  public static List<RunResult> run(
      List<Job> potential, List<RunResult> kept, int max, BooleanSupplier stopped, Round round) {
    int arms = (int) potential.stream().map(j -> j.arm().name()).distinct().count();
    Map<String, List<RunResult>> byCase = new HashMap<>();
    Set<String> done = new HashSet<>();
    kept.forEach(
        r -> {
          byCase.computeIfAbsent(r.caseId(), id -> new ArrayList<>()).add(r);
          done.add(key(r.caseId(), r.arm(), r.run()));
        });
    List<RunResult> fresh = new ArrayList<>();
    for (int r = 1; r <= max && !stopped.getAsBoolean(); r++) {
      int previous = r - 1;
      List<Job> next = new ArrayList<>();
      for (Job job : potential) {
        String id = job.testCase().id();
        if (job.run() == r
            && !done.contains(key(id, job.arm().name(), r))
            && (r == 1 || another(byCase.getOrDefault(id, List.of()), arms, previous))) {
          next.add(job);
        }
      }
      if (next.isEmpty()) {
        continue;
      }
      for (RunResult result : round.run(next, r)) {
        fresh.add(result);
        byCase.computeIfAbsent(result.caseId(), id -> new ArrayList<>()).add(result);
      }
    }
    return fresh;
  }

  /**
   * Whether a case whose results are {@code results} gets round {@code rounds + 1}: each of its
   * {@code arms} has ended each of the {@code rounds} runs (none cancelled), and their statuses are
   * not all the same. Uses nothing that swapping the arms' labels would change.
   */
  public static boolean another(List<RunResult> results, int arms, int rounds) {
    List<RunResult> upTo = results.stream().filter(r -> r.run() <= rounds).toList();
    if (upTo.size() != arms * rounds
        || upTo.stream().anyMatch(r -> r.status() == RunStatus.CANCELLED)) {
      return false;
    }
    return upTo.stream().map(RunResult::status).distinct().count() > 1;
  }

  /**
   * Why a case got the runs it has, for the report: {@code 1 run: arms agreed}, {@code 5 runs:
   * verdicts differed} ({@code results differed} when some run had no verdict), or, when a run did
   * not end or a round is missing, {@code 2 runs: stopped before the maximum}. {@code results} are
   * the case's runs in every one of {@code arms} arms.
   */
  public static String why(List<RunResult> results, int arms, int max) {
    int rounds = results.stream().mapToInt(RunResult::run).max().orElse(0);
    String runs = rounds + (rounds == 1 ? " run" : " runs");
    boolean ended =
        results.size() == arms * rounds
            && results.stream().noneMatch(r -> r.status() == RunStatus.CANCELLED);
    if (!ended) {
      return runs + ": stopped before the maximum";
    }
    if (rounds >= max) {
      boolean verdicts = results.stream().allMatch(r -> r.status().isVerdict());
      return runs
          + ": "
          + (rounds == 1 ? "the maximum" : verdicts ? "verdicts differed" : "results differed");
    }
    return another(results, arms, rounds)
        ? runs + ": stopped before the maximum"
        : runs + ": arms agreed";
  }

  private static String key(String caseId, String arm, int run) {
    return caseId + "\0" + arm + "\0" + run;
  }
}
