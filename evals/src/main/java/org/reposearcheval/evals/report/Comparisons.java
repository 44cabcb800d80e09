package org.reposearcheval.evals.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reposearcheval.evals.report.Comparison.AdvantageChange;
import org.reposearcheval.evals.report.Comparison.Answers;
import org.reposearcheval.evals.report.Comparison.ArmChange;
import org.reposearcheval.evals.report.Comparison.SuiteChange;
import org.reposearcheval.evals.report.Comparison.Thresholds;
import org.reposearcheval.evals.report.Comparison.Unanswered;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.Averages;
import org.reposearcheval.evals.score.CaseMeasures;
import org.reposearcheval.evals.score.Inference;
import org.reposearcheval.evals.score.Interval;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * Computes a {@link Comparison} of two reports: both recomputed from their raw results, each arm
 * both ran compared case by case, the cases that stopped answering, the costs on the common cases,
 * and how each arm's advantage over the baseline moved.
 */
public final class Comparisons {
  private Comparisons() {}

  /**
   * Compares the reports in {@code base} and {@code head} (report.json files or run directories).
   */
  public static Comparison load(Path base, Path head, Thresholds thresholds) {
    return of(
        base.toString(),
        ReportFiles.load(base),
        head.toString(),
        ReportFiles.load(head),
        thresholds);
  }

  static Comparison of(
      String baseName, Report baseReport, String headName, Report headReport, Thresholds t) {
    Report base = baseReport.recomputed();
    Report head = headReport.recomputed();
    List<String> baseArms = arms(base);
    List<String> headArms = arms(head);
    List<String> common = headArms.stream().filter(baseArms::contains).toList();
    if (common.isEmpty()) {
      throw new InvalidInputException(
          "nothing to compare: "
              + baseName
              + " ran "
              + baseArms
              + ", "
              + headName
              + " ran "
              + headArms);
    }
    Set<String> baseCases = caseIds(base);
    Set<String> headCases = caseIds(head);
    SuiteChange suite =
        new SuiteChange(
            baseCases.stream().filter(id -> !headCases.contains(id)).toList(),
            headCases.stream().filter(id -> !baseCases.contains(id)).toList());
    if (t.requireSameSuite() && suite.changed()) {
      throw new InvalidInputException(
          baseName
              + " and "
              + headName
              + " ran different suites (--require-same-suite): "
              + suite.describe());
    }
    List<String> notes = new ArrayList<>();
    headArms.stream()
        .filter(m -> !baseArms.contains(m))
        .forEach(m -> notes.add(m + " ran in the head only"));
    baseArms.stream()
        .filter(m -> !headArms.contains(m))
        .forEach(m -> notes.add(m + " ran in the base only"));

    List<Map<String, CaseMeasures>> baseMeasures = new ArrayList<>();
    List<Map<String, CaseMeasures>> headMeasures = new ArrayList<>();
    List<PairedStatistics> raw = new ArrayList<>();
    for (String arm : common) {
      baseMeasures.add(CaseMeasures.of(base.rawResults(), arm));
      headMeasures.add(CaseMeasures.of(head.rawResults(), arm));
      raw.add(
          PairedStatistics.of(
              "head", "base", headMeasures.getLast(), baseMeasures.getLast(), Inference.ALPHA));
    }
    List<PairedStatistics> decided = Statistics.decide(raw, Inference.ALPHA);
    List<ArmChange> changes = new ArrayList<>();
    List<String> regressions = new ArrayList<>();
    for (int i = 0; i < common.size(); i++) {
      String arm = common.get(i);
      ArmChange change =
          armChange(
              arm,
              baseMeasures.get(i),
              headMeasures.get(i),
              answers(base, head, arm, headCases),
              decided.get(i));
      changes.add(change);
      List<String> unpaired =
          change.changes().unpairedCases().stream()
              .filter(id -> baseCases.contains(id) && headCases.contains(id))
              .filter(
                  id ->
                      change.answers().stoppedAnswering().stream()
                          .noneMatch(u -> u.caseId().equals(id)))
              .toList();
      if (!unpaired.isEmpty()) {
        notes.add(arm + ": not compared, no verdict in the base: " + String.join(", ", unpaired));
      }
      regressions.addAll(Regressions.of(change, t));
    }
    return new Comparison(
        baseName, headName, t, suite, changes, advantages(base, head, common), regressions, notes);
  }

  /** One arm both runs ran: answers, pass rates and costs on the cases both answered. */
  private static ArmChange armChange(
      String arm,
      Map<String, CaseMeasures> b,
      Map<String, CaseMeasures> h,
      Answers answers,
      PairedStatistics paired) {
    List<String> ids = paired(b, h);
    return new ArmChange(
        arm,
        answers,
        meanPassAt1(b, ids),
        meanPassAt1(h, ids),
        cost(b, h, ids, b),
        cost(b, h, ids, h),
        ids.stream()
            .filter(id -> b.get(id).costUsd() != null && h.get(id).costUsd() == null)
            .toList(),
        paired);
  }

  private static Set<String> caseIds(Report report) {
    Set<String> ids = new LinkedHashSet<>();
    report.rawResults().forEach(r -> ids.add(r.caseId()));
    return ids;
  }

  private static Answers answers(Report base, Report head, String arm, Set<String> headCases) {
    List<RunResult> b = runs(base, arm);
    List<RunResult> h = runs(head, arm);
    Map<String, List<RunResult>> headByCase = new LinkedHashMap<>();
    h.forEach(r -> headByCase.computeIfAbsent(r.caseId(), id -> new ArrayList<>()).add(r));
    Set<String> answeredInBase = new LinkedHashSet<>();
    b.stream().filter(r -> r.status().isVerdict()).forEach(r -> answeredInBase.add(r.caseId()));
    List<Unanswered> stopped = new ArrayList<>();
    int stillInSuite = 0;
    for (String id : answeredInBase) {
      if (!headCases.contains(id)) {
        continue; // removed from the suite: listed as a suite change
      }
      stillInSuite++;
      List<RunResult> runs = headByCase.getOrDefault(id, List.of());
      if (runs.isEmpty()) {
        stopped.add(new Unanswered(id, "missing"));
      } else if (runs.stream().noneMatch(r -> r.status().isVerdict())) {
        stopped.add(
            new Unanswered(
                id,
                String.join(", ", runs.stream().map(r -> r.status().label()).distinct().toList())));
      }
    }
    return new Answers(
        b.size(),
        (int) b.stream().filter(r -> r.status().isVerdict()).count(),
        h.size(),
        (int) h.stream().filter(r -> r.status().isVerdict()).count(),
        stillInSuite,
        stopped);
  }

  private static List<RunResult> runs(Report report, String arm) {
    return report.rawResults().stream().filter(r -> r.arm().equals(arm)).toList();
  }

  private static List<AdvantageChange> advantages(Report base, Report head, List<String> common) {
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
                      answered(ba, id) && answered(bb, id) && answered(ha, id) && answered(hb, id))
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

  private static List<String> arms(Report report) {
    return report.config().arms().stream().map(Report.ArmConfig::name).toList();
  }

  /** Cases with a verdict in both runs, in the head's order. */
  private static List<String> paired(Map<String, CaseMeasures> b, Map<String, CaseMeasures> h) {
    return h.keySet().stream().filter(id -> answered(b, id) && answered(h, id)).toList();
  }

  private static boolean answered(Map<String, CaseMeasures> cases, String id) {
    CaseMeasures c = cases.get(id);
    return c != null && c.verdicts() > 0;
  }

  private static Double meanPassAt1(Map<String, CaseMeasures> cases, List<String> ids) {
    return Averages.mean(ids.stream().mapToDouble(id -> cases.get(id).passAt1()).toArray());
  }

  /** The summed per-case cost of {@code side} over the paired cases that reported one in both. */
  private static Double cost(
      Map<String, CaseMeasures> b,
      Map<String, CaseMeasures> h,
      List<String> ids,
      Map<String, CaseMeasures> side) {
    List<String> costed =
        ids.stream()
            .filter(id -> b.get(id).costUsd() != null && h.get(id).costUsd() != null)
            .toList();
    return costed.isEmpty()
        ? null
        : costed.stream().mapToDouble(id -> side.get(id).costUsd()).sum();
  }
}
