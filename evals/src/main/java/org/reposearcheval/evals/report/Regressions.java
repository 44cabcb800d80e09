package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import org.reposearcheval.evals.report.Comparison.Answers;
import org.reposearcheval.evals.report.Comparison.ArmChange;
import org.reposearcheval.evals.report.Comparison.Thresholds;
import org.reposearcheval.evals.report.Comparison.Unanswered;
import org.reposearcheval.evals.score.Numbers;

/**
 * The gate of {@code compare}: each threshold a arm's change crossed, in words. A case that stopped
 * answering, a falling answer rate or pass rate, a cost the head no longer reports and a rising
 * cost each count.
 */
final class Regressions {
  private Regressions() {}

  /** The thresholds {@code c} crossed; empty when it crossed none. */
  static List<String> of(ArmChange c, Thresholds t) {
    List<String> regressions = new ArrayList<>();
    answers(c, t, regressions);
    passRate(c, t, regressions);
    cost(c, t, regressions);
    return regressions;
  }

  /**
   * Cases that stopped answering, or a falling answer rate. Each part says its own figure and
   * limit, so an answer rate that held while one case stopped and another started answering reads
   * as that.
   */
  private static void answers(ArmChange c, Thresholds t, List<String> regressions) {
    Answers a = c.answers();
    List<Unanswered> stopped = a.stoppedAnswering();
    double lostShare =
        a.baseAnsweredCases() == 0 ? 0 : (double) stopped.size() / a.baseAnsweredCases();
    double answerRateDrop =
        a.baseRate() == null || a.headRate() == null ? 0 : a.baseRate() - a.headRate();
    boolean casesLost = lostShare > t.maxAnswerRateDrop() + 1e-9;
    boolean rateFell = answerRateDrop > t.maxAnswerRateDrop() + 1e-9;
    if (!casesLost && !rateFell) {
      return;
    }
    List<String> parts = new ArrayList<>();
    if (!stopped.isEmpty()) {
      String allowed = Numbers.percent(t.maxAnswerRateDrop());
      parts.add(
          stopped.size()
              + " of "
              + Numbers.plural(a.baseAnsweredCases(), "case", "cases")
              + " that answered in the base no longer "
              + (stopped.size() == 1 ? "answers" : "answer")
              + " in the head ("
              + String.join(", ", stopped.stream().map(u -> u.caseId() + ": " + u.head()).toList())
              + ")"
              + (!casesLost
                  ? ": " + Numbers.percent(lostShare) + " of them, within the allowed " + allowed
                  : t.maxAnswerRateDrop() == 0
                      ? ", and no case may stop answering"
                      : ": "
                          + Numbers.percent(lostShare)
                          + " of them, more than the allowed "
                          + allowed));
    }
    String before = Numbers.percent(a.baseRate());
    String after = Numbers.percent(a.headRate());
    String started =
        a.startedAnswering().isEmpty()
            ? ""
            : " (" + String.join(", ", a.startedAnswering()) + " started answering)";
    if (rateFell) {
      parts.add(
          "answer rate fell from "
              + before
              + " to "
              + after
              + " ("
              + Numbers.points(-answerRateDrop)
              + " points), more than the allowed "
              + Math.round(t.maxAnswerRateDrop() * 100)
              + " points"
              + started);
    } else {
      parts.add(
          "answer rate "
              + (before.equals(after) ? before + " in both" : before + " → " + after)
              + started);
    }
    regressions.add(c.arm() + ": " + String.join("; ", parts));
  }

  /** A falling pass rate on the cases both runs answered. */
  private static void passRate(ArmChange c, Thresholds t, List<String> regressions) {
    if (c.basePassRate() != null && c.headPassRate() != null) {
      double drop = c.basePassRate() - c.headPassRate();
      if (drop > t.maxPassRateDrop() + 1e-9) {
        regressions.add(
            c.arm()
                + ": pass rate fell from "
                + Numbers.percent(c.basePassRate())
                + " to "
                + Numbers.percent(c.headPassRate())
                + " ("
                + Numbers.points(-drop)
                + " points), more than the allowed "
                + Math.round(t.maxPassRateDrop() * 100)
                + (c.regressed().isEmpty()
                    ? ""
                    : "; regressed: " + String.join(", ", c.regressed())));
      }
    }
  }

  /** A cost the head no longer reports, or a rising cost on the common cases. */
  private static void cost(ArmChange c, Thresholds t, List<String> regressions) {
    if (!c.costUnknownInHead().isEmpty()) {
      regressions.add(
          c.arm()
              + ": the head reports no cost for "
              + Numbers.plural(c.costUnknownInHead().size(), "case", "cases")
              + " that had one in the base ("
              + String.join(", ", c.costUnknownInHead())
              + "): its cost cannot be checked, and unknown is not cheaper");
    }
    if (c.baseCostUsd() != null && c.headCostUsd() != null && c.baseCostUsd() > 0) {
      double increase = c.headCostUsd() / c.baseCostUsd() - 1;
      if (increase > t.maxCostIncrease() + 1e-9) {
        regressions.add(
            c.arm()
                + (c.changes().costEstimated() ? ": estimated cost" : ": cost")
                + " of the common cases rose "
                + Numbers.change(increase)
                + " ("
                + String.join(" → ", Numbers.money(List.of(c.baseCostUsd(), c.headCostUsd())))
                + "), more than the allowed "
                + Numbers.change(t.maxCostIncrease()));
      }
    }
  }
}
