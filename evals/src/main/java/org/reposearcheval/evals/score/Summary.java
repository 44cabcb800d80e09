package org.reposearcheval.evals.score;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What a report says per arm and per case, computed from its raw results by {@link Summaries}:
 * {@code byArm} per arm (keyed by arm name), {@code byCase} each case with its arms side by side.
 */
public record Summary(
    @JsonProperty("byMode") Map<String, Summary.ArmSummary> byArm,
    List<Summary.CaseSummary> byCase) {

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
     * was estimated from tokens and list prices, {@code $0.52 (3 of 8 runs estimated)}, or {@code
     * unknown} when no run reported or could be priced (never {@code $0.00}).
     */
    public String totalCost() {
      return costUnknown
          ? "unknown"
          : String.format(java.util.Locale.ROOT, "$%.2f", totalCostUsd) + costMark();
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

  /** One case, each arm side by side (keyed by arm label). */
  public record CaseSummary(
      String caseId, @JsonProperty("byMode") Map<String, CaseArmSummary> byArm) {}

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
