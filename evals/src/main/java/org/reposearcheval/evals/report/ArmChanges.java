package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reposearcheval.evals.report.Comparison.Answers;
import org.reposearcheval.evals.report.Comparison.ArmChange;
import org.reposearcheval.evals.report.Comparison.Unanswered;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.Averages;
import org.reposearcheval.evals.score.CaseMeasures;
import org.reposearcheval.evals.score.PairedStatistics;

/**
 * One arm both reports ran, compared: which cases stopped or started answering, and the pass rates
 * and costs on the cases both answered.
 */
final class ArmChanges {
  private ArmChanges() {}

  /** One arm both runs ran: answers, pass rates and costs on the cases both answered. */
  static ArmChange of(
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
        (int) ids.stream().filter(id -> costed(b, h, id)).count(),
        ids.stream()
            .filter(id -> b.get(id).costUsd() != null && h.get(id).costUsd() == null)
            .toList(),
        paired);
  }

  /** How many runs of {@code arm} answered in each report, and which cases moved. */
  static Answers answers(Report base, Report head, String arm, Set<String> headCases) {
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
    Set<String> ranInBase = new LinkedHashSet<>();
    b.forEach(r -> ranInBase.add(r.caseId()));
    List<String> started =
        headByCase.entrySet().stream()
            .filter(e -> ranInBase.contains(e.getKey()) && !answeredInBase.contains(e.getKey()))
            .filter(e -> e.getValue().stream().anyMatch(r -> r.status().isVerdict()))
            .map(Map.Entry::getKey)
            .toList();
    return new Answers(
        b.size(),
        (int) b.stream().filter(r -> r.status().isVerdict()).count(),
        h.size(),
        (int) h.stream().filter(r -> r.status().isVerdict()).count(),
        stillInSuite,
        stopped,
        started);
  }

  private static List<RunResult> runs(Report report, String arm) {
    return report.rawResults().stream().filter(r -> r.arm().equals(arm)).toList();
  }

  /** Cases with a verdict in both runs, in the head's order. */
  private static List<String> paired(Map<String, CaseMeasures> b, Map<String, CaseMeasures> h) {
    return h.keySet().stream().filter(id -> answered(b, id) && answered(h, id)).toList();
  }

  /** Whether {@code id} got a verdict among {@code cases}. */
  static boolean answered(Map<String, CaseMeasures> cases, String id) {
    CaseMeasures c = cases.get(id);
    return c != null && c.verdicts() > 0;
  }

  private static Double meanPassAt1(Map<String, CaseMeasures> cases, List<String> ids) {
    return Averages.mean(ids.stream().mapToDouble(id -> cases.get(id).passAt1()).toArray());
  }

  private static boolean costed(
      Map<String, CaseMeasures> b, Map<String, CaseMeasures> h, String id) {
    return b.get(id).costUsd() != null && h.get(id).costUsd() != null;
  }

  /** The summed per-case cost of {@code side} over the paired cases that reported one in both. */
  private static Double cost(
      Map<String, CaseMeasures> b,
      Map<String, CaseMeasures> h,
      List<String> ids,
      Map<String, CaseMeasures> side) {
    List<String> costed = ids.stream().filter(id -> costed(b, h, id)).toList();
    return costed.isEmpty()
        ? null
        : costed.stream().mapToDouble(id -> side.get(id).costUsd()).sum();
  }
}
