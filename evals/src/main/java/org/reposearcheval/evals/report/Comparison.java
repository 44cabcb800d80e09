package org.reposearcheval.evals.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.CaseMeasures;
import org.reposearcheval.evals.score.Inference;
import org.reposearcheval.evals.score.Interval;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * {@code compare BASE HEAD}: what changed between two evaluations of the same suite, mode by mode
 * and case by case, and whether it crossed a threshold. The gate sees every way a run can get
 * worse: cases that stopped answering (error, timeout, invalid, cancelled, or no run in the head)
 * and a falling answer rate, a falling pass rate on the cases both answered, a rising cost, and a
 * cost the head no longer reports. A change of suite (cases added or removed) is listed first. Both
 * reports are recomputed from their raw results; their stored summaries are not trusted.
 *
 * @param suite the cases only one of the two ran
 * @param regressions each threshold crossed, in words; empty when none
 */
public record Comparison(
    String base,
    String head,
    Thresholds thresholds,
    SuiteChange suite,
    List<ModeChange> modes,
    List<AdvantageChange> advantages,
    List<String> regressions,
    List<String> notes) {

  /**
   * @param maxPassRateDrop how far a mode's pass rate may fall (0.05: five points)
   * @param maxCostIncrease how much a mode's cost on the common cases may rise (0.2: 20%)
   * @param maxAnswerRateDrop how far a mode's answer rate may fall, and what share of the cases
   *     that answered in the base may stop answering in the head (0: none may)
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
  }

  /**
   * One mode's answers: runs and runs with a verdict in each report, and the cases that had a
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
   * in this mode.
   */
  public record Unanswered(String caseId, String head) {}

  /**
   * One mode, base against head. {@code changes.flips().armOnly()} are the fixed cases (pass in the
   * head only), {@code baselineOnly()} the regressed ones. {@code costUnknownInHead}: paired cases
   * with a cost in the base and none in the head; they are never read as cheaper.
   */
  public record ModeChange(
      String mode,
      Answers answers,
      Double basePassRate,
      Double headPassRate,
      Double baseCostUsd,
      Double headCostUsd,
      List<String> costUnknownInHead,
      PairedStatistics changes) {
    public ModeChange {
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
    List<String> baseModes = modes(base);
    List<String> headModes = modes(head);
    List<String> common = headModes.stream().filter(baseModes::contains).toList();
    if (common.isEmpty()) {
      throw new InvalidInputException(
          "nothing to compare: "
              + baseName
              + " ran "
              + baseModes
              + ", "
              + headName
              + " ran "
              + headModes);
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
              + describe(suite));
    }
    List<String> notes = new ArrayList<>();
    headModes.stream()
        .filter(m -> !baseModes.contains(m))
        .forEach(m -> notes.add(m + " ran in the head only"));
    baseModes.stream()
        .filter(m -> !headModes.contains(m))
        .forEach(m -> notes.add(m + " ran in the base only"));

    List<PairedStatistics> raw = new ArrayList<>();
    for (String mode : common) {
      raw.add(
          PairedStatistics.of(
              "head",
              "base",
              CaseMeasures.of(head.rawResults(), mode),
              CaseMeasures.of(base.rawResults(), mode),
              Inference.ALPHA));
    }
    List<PairedStatistics> decided = Statistics.decide(raw, Inference.ALPHA);
    List<ModeChange> changes = new ArrayList<>();
    List<String> regressions = new ArrayList<>();
    for (int i = 0; i < common.size(); i++) {
      String mode = common.get(i);
      Map<String, CaseMeasures> b = CaseMeasures.of(base.rawResults(), mode);
      Map<String, CaseMeasures> h = CaseMeasures.of(head.rawResults(), mode);
      PairedStatistics paired = decided.get(i);
      List<String> ids = paired(b, h);
      ModeChange change =
          new ModeChange(
              mode,
              answers(base, head, mode, headCases),
              meanPassAt1(b, ids),
              meanPassAt1(h, ids),
              cost(b, h, ids, b),
              cost(b, h, ids, h),
              ids.stream()
                  .filter(id -> b.get(id).costUsd() != null && h.get(id).costUsd() == null)
                  .toList(),
              paired);
      changes.add(change);
      List<String> unpaired =
          paired.unpairedCases().stream()
              .filter(id -> baseCases.contains(id) && headCases.contains(id))
              .filter(
                  id ->
                      change.answers().stoppedAnswering().stream()
                          .noneMatch(u -> u.caseId().equals(id)))
              .toList();
      if (!unpaired.isEmpty()) {
        notes.add(mode + ": not compared, no verdict in the base: " + String.join(", ", unpaired));
      }
      breaches(change, t, regressions);
    }
    return new Comparison(
        baseName, headName, t, suite, changes, advantages(base, head, common), regressions, notes);
  }

  /** {@code removed a, b; added c}. */
  static String describe(SuiteChange suite) {
    List<String> parts = new ArrayList<>();
    if (!suite.removed().isEmpty()) {
      parts.add("removed " + String.join(", ", suite.removed()));
    }
    if (!suite.added().isEmpty()) {
      parts.add("added " + String.join(", ", suite.added()));
    }
    return String.join("; ", parts);
  }

  private static Set<String> caseIds(Report report) {
    Set<String> ids = new LinkedHashSet<>();
    report.rawResults().forEach(r -> ids.add(r.caseId()));
    return ids;
  }

  private static Answers answers(Report base, Report head, String mode, Set<String> headCases) {
    List<RunResult> b = runs(base, mode);
    List<RunResult> h = runs(head, mode);
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

  private static List<RunResult> runs(Report report, String mode) {
    return report.rawResults().stream().filter(r -> r.mode().equals(mode)).toList();
  }

  private static void breaches(ModeChange c, Thresholds t, List<String> regressions) {
    Answers a = c.answers();
    double lostShare =
        a.baseAnsweredCases() == 0
            ? 0
            : (double) a.stoppedAnswering().size() / a.baseAnsweredCases();
    double answerRateDrop =
        a.baseRate() == null || a.headRate() == null ? 0 : a.baseRate() - a.headRate();
    if (lostShare > t.maxAnswerRateDrop() + 1e-9 || answerRateDrop > t.maxAnswerRateDrop() + 1e-9) {
      StringBuilder text = new StringBuilder(c.mode()).append(": ");
      if (!a.stoppedAnswering().isEmpty()) {
        text.append(a.stoppedAnswering().size())
            .append(" of ")
            .append(Numbers.plural(a.baseAnsweredCases(), "case", "cases"))
            .append(" that answered in the base no longer answer in the head (")
            .append(
                String.join(
                    ", ",
                    a.stoppedAnswering().stream().map(u -> u.caseId() + ": " + u.head()).toList()))
            .append("); ");
      }
      text.append("answer rate ")
          .append(Numbers.percent(a.baseRate()))
          .append(" → ")
          .append(Numbers.percent(a.headRate()))
          .append(" (")
          .append(Numbers.points(-answerRateDrop))
          .append(" points), more than the allowed ")
          .append(Math.round(t.maxAnswerRateDrop() * 100))
          .append(t.maxAnswerRateDrop() == 0 ? " (no case may stop answering)" : "");
      regressions.add(text.toString());
    }
    if (c.basePassRate() != null && c.headPassRate() != null) {
      double drop = c.basePassRate() - c.headPassRate();
      if (drop > t.maxPassRateDrop() + 1e-9) {
        regressions.add(
            c.mode()
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
    if (!c.costUnknownInHead().isEmpty()) {
      regressions.add(
          c.mode()
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
            c.mode()
                + ": cost of the common cases rose "
                + Numbers.change(increase)
                + " ("
                + Numbers.money(c.baseCostUsd())
                + " → "
                + Numbers.money(c.headCostUsd())
                + "), more than the allowed "
                + Numbers.change(t.maxCostIncrease()));
      }
    }
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
      List<Double> baseAdvantage = new ArrayList<>();
      List<Double> headAdvantage = new ArrayList<>();
      for (String id : hb.keySet()) {
        if (answered(ba, id) && answered(bb, id) && answered(ha, id) && answered(hb, id)) {
          baseAdvantage.add(ba.get(id).passAt1() - bb.get(id).passAt1());
          headAdvantage.add(ha.get(id).passAt1() - hb.get(id).passAt1());
        }
      }
      if (baseAdvantage.isEmpty()) {
        continue;
      }
      double[] change = new double[baseAdvantage.size()];
      for (int i = 0; i < change.length; i++) {
        change[i] = headAdvantage.get(i) - baseAdvantage.get(i);
      }
      advantages.add(
          new AdvantageChange(
              arm,
              baseline,
              change.length,
              mean(baseAdvantage),
              mean(headAdvantage),
              Interval.bootstrapMean(change)));
    }
    return advantages;
  }

  private static List<String> modes(Report report) {
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
    return ids.isEmpty()
        ? null
        : ids.stream().mapToDouble(id -> cases.get(id).passAt1()).average().orElseThrow();
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

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }
}
