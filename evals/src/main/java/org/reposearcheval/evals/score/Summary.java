package org.reposearcheval.evals.score;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report says per arm and per case, computed from its raw results by {@link Summaries}:
 * {@code byArm} per arm (keyed by arm name), {@code byCase} each case with its arms side by side,
 * and {@code commonCost}, the arms' costs over the runs every arm reported one for, when their
 * totals cover different runs (null when they cover the same, or with one arm).
 */
public record Summary(
    @JsonProperty("byMode") Map<String, Summary.ArmSummary> byArm,
    List<Summary.CaseSummary> byCase,
    CommonCost commonCost) {

  /** A summary with no cost to compare across arms. */
  public Summary(Map<String, Summary.ArmSummary> byArm, List<Summary.CaseSummary> byCase) {
    this(byArm, byCase, null);
  }

  /**
   * The arms' costs over the same runs: those (a case and a repetition) that reported a cost in
   * every arm, {@code runs} of them in each, so the totals compare like with like; {@code byArm} is
   * each arm's sum over them.
   */
  public record CommonCost(int runs, @JsonProperty("byMode") Map<String, Double> byArm) {
    public CommonCost {
      byArm = Collections.unmodifiableMap(new LinkedHashMap<>(byArm));
    }

    /**
     * {@code Total costs cover different runs; over the 3 runs (a case and a repetition) that
     * reported a cost in every mode: with-mcp $0.050, without-mcp $0.060.}, or, with no such run,
     * that the totals do not compare.
     */
    public String describe() {
      if (runs == 0) {
        return "No run (a case and a repetition) reported a cost in every mode: the total costs"
            + " cover different runs and do not compare.";
      }
      return "Total costs cover different runs; over the "
          + (runs == 1 ? "run" : runs + " runs")
          + " (a case and a repetition) that reported a cost in every mode: "
          + String.join(
              ", ",
              byArm.entrySet().stream()
                  .map(e -> e.getKey() + " " + Numbers.money(e.getValue()))
                  .toList())
          + ".";
    }
  }

  /**
   * One arm's runs. {@code passRate} counts verdicts only (passed / (passed + failed)): errors,
   * timeouts, invalid and cancelled runs say nothing about the answer. Null when there is none.
   *
   * @param passRateCiLow the Wilson 95% interval of {@code passRate}, treating runs as independent
   * @param k the repetitions per case ({@code --runs})
   * @param passAt1 the mean over cases of each case's pass rate (equal to {@code passRate} when
   *     every case has as many verdicts)
   * @param passK pass@k and pass^k for each k from 1 to {@code k}, over the cases with at least k
   *     verdicts
   * @param flakyCases the cases that both passed and failed across their repetitions
   * @param totalCostUsd the sum of the {@code runsWithCost} runs that reported a cost (or were
   *     priced); the others are left out, and {@link #totalCost()} says so
   */
  public record ArmSummary(
      int runs,
      int passed,
      int failed,
      int errors,
      int timeouts,
      int invalid,
      int cancelled,
      Double passRate,
      Double passRateCiLow,
      Double passRateCiHigh,
      Long medianDurationMs,
      double totalCostUsd,
      int runsWithCost,
      Double meanToolCalls,
      Double meanMcpToolCalls,
      int k,
      Double passAt1,
      List<PassK> passK,
      List<String> flakyCases,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) int costEstimatedRuns,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean costUnknown) {
    public ArmSummary {
      passK = passK == null ? List.of() : List.copyOf(passK);
      flakyCases = flakyCases == null ? List.of() : List.copyOf(flakyCases);
    }

    /**
     * The arm's total cost in words: {@code $0.52}, {@code $0.52 (estimated)} when every run's cost
     * was estimated from tokens and list prices, {@code $0.52 (3 of 8 runs estimated)}, {@code
     * $0.07 over 3 of 5 runs; 2 reported no cost} when some runs reported none, or {@code unknown}
     * when no run reported or could be priced (never {@code $0.00}).
     */
    public String totalCost() {
      return costUnknown ? "unknown" : Numbers.money(totalCostUsd) + costMark() + coverage();
    }

    /**
     * What follows a total that leaves runs out: {@code " over 3 of 5 runs; 2 reported no cost"};
     * nothing when every run reported one, or none did.
     */
    public String coverage() {
      if (costUnknown || runsWithCost >= runs) {
        return "";
      }
      return " over "
          + runsWithCost
          + " of "
          + Numbers.plural(runs, "run", "runs")
          + "; "
          + (runs - runsWithCost)
          + " reported no cost";
    }

    /**
     * What follows a cost some of whose runs were estimated: {@code " (estimated)"} for all of
     * them, {@code " (3 of 8 runs estimated)"} for some, nothing for none.
     */
    public String costMark() {
      if (costEstimatedRuns == 0) {
        return "";
      }
      return costEstimatedRuns >= runs
          ? " (estimated)"
          : " (" + costEstimatedRuns + " of " + Numbers.plural(runs, "run", "runs") + " estimated)";
    }

    /** The pass@k row for {@code k}, or null when there is none. */
    public PassK passK(int k) {
      return passK.stream().filter(p -> p.k() == k).findFirst().orElse(null);
    }
  }

  /**
   * pass@k (some of k runs passes) and pass^k (all k runs pass) of one arm, each the mean over
   * {@code cases} (those with at least k verdicts) of the unbiased per-case estimate; {@code
   * leftOut} cases had fewer than k verdicts. Null values when no case has k verdicts.
   */
  public record PassK(int k, Double passAtK, Double passHatK, int cases, int leftOut) {}

  /**
   * One case, each arm side by side (keyed by arm label). {@code allocation}: under {@code --runs
   * auto}, how many runs each arm got and why ({@code 1 run: arms agreed}, {@code 5 runs: verdicts
   * differed}); null otherwise.
   */
  public record CaseSummary(
      String caseId,
      @JsonProperty("byMode") Map<String, CaseArmSummary> byArm,
      @JsonInclude(JsonInclude.Include.NON_NULL) String allocation) {
    public CaseSummary(String caseId, Map<String, CaseArmSummary> byArm) {
      this(caseId, byArm, null);
    }
  }

  /**
   * One case in one arm, over its repetitions. {@code passRate} is the case's pass@1; {@code
   * passAtK}: some of its k runs passed; {@code passHatK}: all k passed; both null when the case
   * has fewer than k verdicts (a timeout is not a pass).
   */
  public record CaseArmSummary(
      int runs,
      int passed,
      Double passRate,
      Boolean passAtK,
      Boolean passHatK,
      Long medianDurationMs,
      Double meanToolCalls,
      Double meanMcpToolCalls,
      List<String> statuses) {}
}
