package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.report.Comparison.AdvantageChange;
import org.reposearcheval.evals.score.Averages;
import org.reposearcheval.evals.score.CaseMeasures;
import org.reposearcheval.evals.score.Interval;

/**
 * How each arm's advantage over the baseline moved between two reports, on the cases all four (arm
 * and baseline, base and head) answered, with a bootstrap interval of the change.
 */
final class AdvantageChanges {
  private AdvantageChanges() {}

  static List<AdvantageChange> of(Report base, Report head, List<String> common) {
    String baseline = head.statistics().baseline();
    List<AdvantageChange> advantages = new ArrayList<>();
    if (baseline == null || !common.contains(baseline)) {
      return advantages;
    }
    Map<String, CaseMeasures> bb = CaseMeasures.of(base.rawResults(), baseline);
    Map<String, CaseMeasures> hb = CaseMeasures.of(head.rawResults(), baseline);
    for (String arm : common) {
      if (arm.equals(baseline)) {
        continue;
      }
      Map<String, CaseMeasures> ba = CaseMeasures.of(base.rawResults(), arm);
      Map<String, CaseMeasures> ha = CaseMeasures.of(head.rawResults(), arm);
      List<String> ids =
          hb.keySet().stream()
              .filter(
                  id ->
                      ArmChanges.answered(ba, id)
                          && ArmChanges.answered(bb, id)
                          && ArmChanges.answered(ha, id)
                          && ArmChanges.answered(hb, id))
              .toList();
      if (ids.isEmpty()) {
        continue;
      }
      double[] baseAdvantage =
          ids.stream().mapToDouble(id -> ba.get(id).passAt1() - bb.get(id).passAt1()).toArray();
      double[] headAdvantage =
          ids.stream().mapToDouble(id -> ha.get(id).passAt1() - hb.get(id).passAt1()).toArray();
      double[] change = new double[ids.size()];
      for (int i = 0; i < change.length; i++) {
        change[i] = headAdvantage[i] - baseAdvantage[i];
      }
      advantages.add(
          new AdvantageChange(
              arm,
              baseline,
              change.length,
              Averages.mean(baseAdvantage),
              Averages.mean(headAdvantage),
              Interval.bootstrapMean(change)));
    }
    return advantages;
  }
}
