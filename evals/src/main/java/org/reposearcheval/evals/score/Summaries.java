package org.reposearcheval.evals.score;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.reposearcheval.evals.run.AutoRuns;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;

/** Computes the report's summaries from its raw results. */
public final class Summaries {
  private Summaries() {}

  /** Summaries of {@code results}, arms in the order of {@code arms}. */
  public static Summary of(List<RunResult> results, List<String> arms) {
    return of(results, arms, 0);
  }

  /**
   * Summaries of {@code results}, arms in the order of {@code arms}; with {@code autoMax} above 0
   * ({@code --runs auto:K}), each case says how many runs its arms got and why.
   */
  public static Summary of(List<RunResult> results, List<String> arms, int autoMax) {
    Map<String, Summary.ArmSummary> byArm = new LinkedHashMap<>();
    for (String arm : arms) {
      byArm.put(arm, arm(results.stream().filter(r -> r.arm().equals(arm)).toList()));
    }
    Map<String, Map<String, List<RunResult>>> grouped = new LinkedHashMap<>();
    for (RunResult r : results) {
      grouped
          .computeIfAbsent(r.caseId(), id -> new LinkedHashMap<>())
          .computeIfAbsent(r.arm(), m -> new ArrayList<>())
          .add(r);
    }
    List<Summary.CaseSummary> byCase = new ArrayList<>();
    grouped.forEach(
        (caseId, runsByArm) -> {
          Map<String, Summary.CaseArmSummary> sideBySide = new LinkedHashMap<>();
          for (String arm : arms) {
            List<RunResult> runs = runsByArm.getOrDefault(arm, List.of());
            if (!runs.isEmpty()) {
              sideBySide.put(arm, caseArm(runs, byArm.get(arm).k()));
            }
          }
          byCase.add(
              new Summary.CaseSummary(
                  caseId,
                  sideBySide,
                  autoMax > 0
                      ? AutoRuns.why(
                          runsByArm.values().stream().flatMap(List::stream).toList(),
                          arms.size(),
                          autoMax)
                      : null));
        });
    return new Summary(byArm, byCase, commonCost(results, arms));
  }

  /**
   * The arms' costs over the runs (case and repetition) that reported one in every arm; null with
   * fewer than two arms, or when every arm's total already covers exactly those runs.
   */
  static Summary.CommonCost commonCost(List<RunResult> results, List<String> arms) {
    if (arms.size() < 2) {
      return null;
    }
    Map<String, Map<RunKey, Double>> costs = new LinkedHashMap<>();
    arms.forEach(arm -> costs.put(arm, new LinkedHashMap<>()));
    for (RunResult r : results) {
      Map<RunKey, Double> arm = costs.get(r.arm());
      if (arm != null && r.costUsd() != null) {
        arm.put(new RunKey(r.caseId(), r.run()), r.costUsd());
      }
    }
    Set<RunKey> common = new LinkedHashSet<>(costs.get(arms.getFirst()).keySet());
    costs.values().forEach(arm -> common.retainAll(arm.keySet()));
    if (costs.values().stream().allMatch(arm -> arm.size() == common.size())) {
      return null;
    }
    Map<String, Double> byArm = new LinkedHashMap<>();
    costs.forEach((arm, byRun) -> byArm.put(arm, common.stream().mapToDouble(byRun::get).sum()));
    return new Summary.CommonCost(common.size(), byArm);
  }

  /** A run as every arm has it: the case and the repetition. */
  private record RunKey(String caseId, int run) {}

  /** One arm's summary; {@code runs} are that arm's runs of every case. */
  static Summary.ArmSummary arm(List<RunResult> runs) {
    int passed = count(runs, RunStatus.PASSED);
    int failed = count(runs, RunStatus.FAILED);
    List<RunResult> finished = finished(runs);
    Interval interval = Interval.wilson(passed, passed + failed);
    Collection<CaseMeasures> cases = byCase(runs).values();
    List<CaseMeasures> answered = cases.stream().filter(c -> c.verdicts() > 0).toList();
    int k = runs.stream().mapToInt(RunResult::run).max().orElse(0);
    return new Summary.ArmSummary(
        runs.size(),
        passed,
        failed,
        count(runs, RunStatus.ERROR),
        count(runs, RunStatus.TIMEOUT),
        count(runs, RunStatus.INVALID),
        count(runs, RunStatus.CANCELLED),
        passRate(passed, failed),
        interval == null ? null : interval.ciLow(),
        interval == null ? null : interval.ciHigh(),
        median(finished),
        runs.stream().mapToDouble(r -> r.costUsd() == null ? 0 : r.costUsd()).sum(),
        (int) runs.stream().filter(r -> r.costUsd() != null).count(),
        mean(finished, r -> r.toolCalls().total()),
        mean(finished, r -> r.toolCalls().mcp()),
        k,
        share(answered, CaseMeasures::passAt1),
        passK(answered, k),
        answered.stream()
            .filter(c -> c.passed() > 0 && c.passed() < c.verdicts())
            .map(CaseMeasures::caseId)
            .toList(),
        (int) runs.stream().filter(r -> r.measures().costEstimated()).count(),
        !runs.isEmpty() && runs.stream().allMatch(r -> r.costUsd() == null));
  }

  /**
   * pass@k and pass^k for k = 1 … {@code runs}, each the mean over the cases with at least k
   * verdicts of the unbiased per-case estimate from its n verdicts, c of them passes: pass@k = 1 −
   * C(n−c, k) / C(n, k) (Chen et al. 2021), pass^k = C(c, k) / C(n, k) (τ-bench). Cases with fewer
   * than k verdicts are left out of that k and counted.
   */
  static List<Summary.PassK> passK(List<CaseMeasures> cases, int runs) {
    List<Summary.PassK> passK = new ArrayList<>();
    for (int k = 1; k <= runs; k++) {
      int kk = k;
      List<CaseMeasures> enough = cases.stream().filter(c -> c.verdicts() >= kk).toList();
      passK.add(
          new Summary.PassK(
              k,
              share(enough, c -> passAtK(c.verdicts(), c.passed(), kk)),
              share(enough, c -> passHatK(c.verdicts(), c.passed(), kk)),
              enough.size(),
              cases.size() - enough.size()));
    }
    return passK;
  }

  /** 1 − C(n−c, k) / C(n, k): the chance that k of the n verdicts, drawn at random, hold a pass. */
  static double passAtK(int n, int c, int k) {
    return 1 - choiceRatio(n - c, n, k);
  }

  /** C(c, k) / C(n, k): the chance that k of the n verdicts, drawn at random, are all passes. */
  static double passHatK(int n, int c, int k) {
    return choiceRatio(c, n, k);
  }

  /** C(m, k) / C(n, k) as the product of (m − i) / (n − i) for i below k; 0 when m < k. */
  private static double choiceRatio(int m, int n, int k) {
    double ratio = 1;
    for (int i = 0; i < k; i++) {
      ratio *= m - i <= 0 ? 0 : (double) (m - i) / (n - i);
    }
    return ratio;
  }

  private static Map<String, CaseMeasures> byCase(List<RunResult> runs) {
    return runs.isEmpty() ? Map.of() : CaseMeasures.of(runs, runs.getFirst().arm());
  }

  /** The mean of {@code value} over the cases; null when there is no case. */
  private static Double share(List<CaseMeasures> cases, ToDoubleFunction<CaseMeasures> value) {
    return Averages.mean(cases.stream().mapToDouble(value).toArray());
  }

  /**
   * One case in one arm; {@code k} is the arm's repetitions. pass@k and pass^k are left null when
   * the case has fewer than k verdicts: one pass and two timeouts is not "every run passed".
   */
  private static Summary.CaseArmSummary caseArm(List<RunResult> runs, int k) {
    int passed = count(runs, RunStatus.PASSED);
    int failed = count(runs, RunStatus.FAILED);
    List<RunResult> finished = finished(runs);
    boolean enough = passed + failed >= Math.max(k, 1);
    return new Summary.CaseArmSummary(
        runs.size(),
        passed,
        passRate(passed, failed),
        enough ? passed > 0 : null,
        enough ? failed == 0 : null,
        median(finished),
        mean(finished, r -> r.toolCalls().total()),
        mean(finished, r -> r.toolCalls().mcp()),
        runs.stream().map(r -> r.status().label()).toList());
  }

  /** Runs whose agent answered: their durations and tool calls describe the agent, not a crash. */
  private static List<RunResult> finished(List<RunResult> runs) {
    return runs.stream().filter(r -> r.status().isVerdict()).toList();
  }

  private static int count(List<RunResult> runs, RunStatus status) {
    return (int) runs.stream().filter(r -> r.status() == status).count();
  }

  static Double passRate(int passed, int failed) {
    return passed + failed == 0 ? null : (double) passed / (passed + failed);
  }

  /** The median duration in whole milliseconds, the half of an even count's mean cut off. */
  static Long median(List<RunResult> runs) {
    Double median = Averages.median(runs.stream().mapToDouble(RunResult::durationMs).toArray());
    return median == null ? null : median.longValue();
  }

  private static Double mean(List<RunResult> runs, ToDoubleFunction<RunResult> value) {
    return Averages.mean(runs.stream().mapToDouble(value).toArray());
  }
}
