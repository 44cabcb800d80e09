package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import org.reposearcheval.evals.score.Interval;
import org.reposearcheval.evals.score.PairedStatistics;

/**
 * {@code compare BASE HEAD}: what changed between two evaluations of the same suite, arm by arm and
 * case by case, and whether it crossed a threshold. The gate sees every way a run can get worse:
 * cases that stopped answering (error, timeout, invalid, cancelled, or no run in the head) and a
 * falling answer rate, a falling pass rate on the cases both answered, a rising cost, and a cost
 * the head no longer reports. A change of suite (cases added or removed) is listed first. Both
 * reports are recomputed from their raw results; their stored summaries are not trusted. {@link
 * Comparisons} computes it, {@link Regressions} says which thresholds it crossed.
 *
 * @param suite the cases only one of the two ran
 * @param regressions each threshold crossed, in words; empty when none
 */
public record Comparison(
    String base,
    String head,
    Thresholds thresholds,
    SuiteChange suite,
    List<ArmChange> arms,
    List<AdvantageChange> advantages,
    List<String> regressions,
    List<String> notes) {

  /**
   * @param maxPassRateDrop how far a arm's pass rate may fall (0.05: five points)
   * @param maxCostIncrease how much a arm's cost on the common cases may rise (0.2: 20%)
   * @param maxAnswerRateDrop how far a arm's answer rate may fall, and what share of the cases that
   *     answered in the base may stop answering in the head (0: none may)
   * @param requireSameSuite a change of suite is an error rather than a note
   */
  public record Thresholds(
      double maxPassRateDrop,
      double maxCostIncrease,
      double maxAnswerRateDrop,
      boolean requireSameSuite) {
    public Thresholds(double maxPassRateDrop, double maxCostIncrease) {
      this(maxPassRateDrop, maxCostIncrease, 0, false);
    }
  }

  /** Case ids that only the base ran ({@code removed}) or only the head ran ({@code added}). */
  public record SuiteChange(List<String> removed, List<String> added) {
    public SuiteChange {
      removed = List.copyOf(removed);
      added = List.copyOf(added);
    }

    public boolean changed() {
      return !removed.isEmpty() || !added.isEmpty();
    }

    /** {@code removed a, b; added c}. */
    String describe() {
      List<String> parts = new ArrayList<>();
      if (!removed.isEmpty()) {
        parts.add("removed " + String.join(", ", removed));
      }
      if (!added.isEmpty()) {
        parts.add("added " + String.join(", ", added));
      }
      return String.join("; ", parts);
    }
  }

  /**
   * One arm's answers: runs and runs with a verdict in each report, and the cases that had a
   * verdict in the base but have none in the head although the head ran the case.
   */
  public record Answers(
      int baseRuns,
      int baseAnswered,
      int headRuns,
      int headAnswered,
      int baseAnsweredCases,
      List<Unanswered> stoppedAnswering) {
    public Answers {
      stoppedAnswering = List.copyOf(stoppedAnswering);
    }

    public Double baseRate() {
      return baseRuns == 0 ? null : (double) baseAnswered / baseRuns;
    }

    public Double headRate() {
      return headRuns == 0 ? null : (double) headAnswered / headRuns;
    }
  }

  /**
   * A case that answered in the base and not in the head: {@code head} is how its head runs ended
   * ({@code timeout}, {@code error, timeout}, …) or {@code missing} when the head has no run of it
   * in this arm.
   */
  public record Unanswered(String caseId, String head) {}

  /**
   * One arm, base against head. {@code changes.flips().armOnly()} are the fixed cases (pass in the
   * head only), {@code baselineOnly()} the regressed ones. {@code costUnknownInHead}: paired cases
   * with a cost in the base and none in the head; they are never read as cheaper.
   */
  public record ArmChange(
      String arm,
      Answers answers,
      Double basePassRate,
      Double headPassRate,
      Double baseCostUsd,
      Double headCostUsd,
      List<String> costUnknownInHead,
      PairedStatistics changes) {
    public ArmChange {
      costUnknownInHead = List.copyOf(costUnknownInHead);
    }

    public List<String> fixed() {
      return changes.flips().armOnly();
    }

    public List<String> regressed() {
      return changes.flips().baselineOnly();
    }
  }

  /**
   * How an arm's advantage over the baseline (its pass rate minus the baseline's, per case) moved:
   * {@code change} is the head's advantage minus the base's, with a bootstrap interval over the
   * cases that reached a verdict in both arms of both runs.
   */
  public record AdvantageChange(
      String arm,
      String baseline,
      int cases,
      double baseAdvantage,
      double headAdvantage,
      Interval change) {}

  public boolean regressed() {
    return !regressions.isEmpty();
  }
}
