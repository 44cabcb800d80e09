package org.reposearcheval.evals.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;

/**
 * One case in one arm, over its repetitions that reached a verdict (passed or failed): the numbers
 * the paired statistics compare. Each number is the mean over those runs, null when none reported
 * it.
 *
 * @param inputTokens the input tokens billed in full: fresh input and cache creation
 * @param cacheReadTokens input tokens read from the prompt cache, billed at a discount
 * @param outputTokens the tokens the model wrote
 * @param costEstimated some run's cost was estimated from its tokens, not reported by its agent
 */
public record CaseMeasures(
    String caseId,
    int verdicts,
    int passed,
    Double durationMs,
    Double inputTokens,
    Double cacheReadTokens,
    Double outputTokens,
    Double costUsd,
    Double turns,
    boolean costEstimated) {

  /** Passed / verdicts; null when no run of the case reached a verdict in this arm. */
  public Double passAt1() {
    return verdicts == 0 ? null : (double) passed / verdicts;
  }

  /** The case counts as passing in this arm when at least half its verdicts are passes. */
  boolean passes() {
    return verdicts > 0 && 2 * passed >= verdicts;
  }

  /** Every case that has a run in {@code arm}, in the order the results first name it. */
  public static Map<String, CaseMeasures> of(List<RunResult> results, String arm) {
    Map<String, List<RunResult>> byCase = new LinkedHashMap<>();
    for (RunResult r : results) {
      if (r.arm().equals(arm)) {
        byCase.computeIfAbsent(r.caseId(), id -> new ArrayList<>()).add(r);
      }
    }
    Map<String, CaseMeasures> measures = new LinkedHashMap<>();
    byCase.forEach(
        (caseId, runs) -> {
          List<RunResult> answered = runs.stream().filter(r -> r.status().isVerdict()).toList();
          measures.put(
              caseId,
              new CaseMeasures(
                  caseId,
                  answered.size(),
                  (int) answered.stream().filter(r -> r.status() == RunStatus.PASSED).count(),
                  mean(answered, r -> (double) r.durationMs()),
                  mean(
                      answered,
                      r -> (double) r.usage().inputTokens() + r.usage().cacheCreationInputTokens()),
                  mean(answered, r -> (double) r.usage().cacheReadInputTokens()),
                  mean(answered, r -> (double) r.usage().outputTokens()),
                  mean(answered, r -> r.costUsd()),
                  mean(answered, r -> r.numTurns() == null ? null : r.numTurns().doubleValue()),
                  answered.stream().anyMatch(r -> r.measures().costEstimated())));
        });
    return measures;
  }

  /**
   * The mean over the runs that reported {@code value}. Summed in run order without compensation,
   * unlike {@link Averages#mean}, as every recorded report was: a compensated sum could move the
   * last digit of a cost, and with it a median or a p-value in report.json.
   */
  private static Double mean(List<RunResult> runs, Function<RunResult, Double> value) {
    double sum = 0;
    int n = 0;
    for (RunResult r : runs) {
      Double v = value.apply(r);
      if (v != null) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }
}
