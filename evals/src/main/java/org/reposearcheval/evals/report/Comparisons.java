package org.reposearcheval.evals.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.reposearcheval.evals.report.Comparison.ArmChange;
import org.reposearcheval.evals.report.Comparison.ChangedCase;
import org.reposearcheval.evals.report.Comparison.SetupChange;
import org.reposearcheval.evals.report.Comparison.SuiteChange;
import org.reposearcheval.evals.report.Comparison.Thresholds;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.CaseMeasures;
import org.reposearcheval.evals.score.Inference;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * Computes a {@link Comparison} of two reports: what differs in their setups and suites (cases
 * whose fingerprints differ are changed, and left out of everything after), then both recomputed
 * from their raw results, each arm both ran compared case by case, the cases that stopped
 * answering, the costs on the common cases, and how each arm's advantage over the baseline moved.
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
    List<String> baseArms = arms(baseReport);
    List<String> headArms = arms(headReport);
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
    Set<String> baseCases = caseIds(baseReport);
    Set<String> headCases = caseIds(headReport);
    List<String> inBoth = headCases.stream().filter(baseCases::contains).toList();
    Map<String, String> bf = baseReport.caseFingerprints();
    Map<String, String> hf = headReport.caseFingerprints();
    List<String> changed =
        inBoth.stream()
            .filter(id -> known(bf, id) && known(hf, id) && !bf.get(id).equals(hf.get(id)))
            .toList();
    List<String> untold = inBoth.stream().filter(id -> !known(bf, id) || !known(hf, id)).toList();
    SuiteChange suite =
        new SuiteChange(
            baseCases.stream().filter(id -> !headCases.contains(id)).toList(),
            headCases.stream().filter(id -> !baseCases.contains(id)).toList(),
            changedCases(baseReport, headReport, common, changed),
            inBoth.size() - changed.size());
    if (t.requireSameSuite() && suite.any()) {
      throw new InvalidInputException(
          baseName
              + " and "
              + headName
              + " ran different suites (--require-same-suite): "
              + suite.describe());
    }
    String untoldWhy =
        untold.isEmpty()
            ? null
            : Stream.of(
                    missingFingerprints(baseName, bf, untold),
                    missingFingerprints(headName, hf, untold))
                .filter(Objects::nonNull)
                .collect(Collectors.joining("; "));
    if (t.requireSameSuite() && untoldWhy != null) {
      throw new InvalidInputException(
          "--require-same-suite cannot tell whether a case changed: " + untoldWhy);
    }
    List<SetupChange> setup = SetupChanges.of(baseReport, headReport, common);
    if (t.requireSameSetup() && !setup.isEmpty()) {
      throw new InvalidInputException(
          baseName
              + " and "
              + headName
              + " ran with different setups (--require-same-setup): "
              + String.join("; ", setup.stream().map(SetupChange::describe).toList()));
    }
    List<String> notes = new ArrayList<>();
    if (untoldWhy != null) {
      notes.add(
          "Whether a case's file changed cannot be told for "
              + Numbers.plural(untold.size(), "case", "cases")
              + " ("
              + untoldWhy
              + "): they are compared as if unchanged.");
    }
    headArms.stream()
        .filter(m -> !baseArms.contains(m))
        .forEach(m -> notes.add(m + " ran in the head only"));
    baseArms.stream()
        .filter(m -> !headArms.contains(m))
        .forEach(m -> notes.add(m + " ran in the base only"));

    // A changed case asks another question: every figure from here on leaves it out.
    Report base = without(baseReport, changed).recomputed();
    Report head = without(headReport, changed).recomputed();
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
          ArmChanges.of(
              arm,
              baseMeasures.get(i),
              headMeasures.get(i),
              ArmChanges.answers(base, head, arm, headCases),
              decided.get(i));
      changes.add(change);
      List<String> unpaired =
          change.changes().unpairedCases().stream()
              .filter(id -> baseCases.contains(id) && headCases.contains(id))
              .filter(
                  id ->
                      change.answers().stoppedAnswering().stream()
                          .noneMatch(u -> u.caseId().equals(id)))
              .filter(id -> !change.answers().startedAnswering().contains(id))
              .toList();
      if (!unpaired.isEmpty()) {
        notes.add(arm + ": not compared, no verdict in either run: " + String.join(", ", unpaired));
      }
      regressions.addAll(Regressions.of(change, t));
    }
    return new Comparison(
        baseName,
        headName,
        t,
        suite,
        setup,
        changes,
        AdvantageChanges.of(base, head, common),
        regressions,
        notes);
  }

  private static boolean known(Map<String, String> fingerprints, String id) {
    return fingerprints != null && fingerprints.get(id) != null;
  }

  /** Why {@code name} cannot tell whether the {@code untold} cases changed; null when it can. */
  private static String missingFingerprints(
      String name, Map<String, String> fingerprints, List<String> untold) {
    if (fingerprints == null) {
      return name
          + ": report.json has no field 'caseFingerprints' (written before case fingerprints were"
          + " recorded) and no run.json beside it";
    }
    List<String> missing = untold.stream().filter(id -> !known(fingerprints, id)).toList();
    return missing.isEmpty()
        ? null
        : name
            + ": report.json's field 'caseFingerprints' has none for "
            + String.join(", ", missing);
  }

  /** {@code report} without the runs of the cases {@code ids}. */
  private static Report without(Report report, List<String> ids) {
    return ids.isEmpty()
        ? report
        : report.withRawResults(
            report.rawResults().stream().filter(r -> !ids.contains(r.caseId())).toList());
  }

  /** Each changed case in each arm: how it went in the base and in the head. */
  private static List<ChangedCase> changedCases(
      Report base, Report head, List<String> arms, List<String> changed) {
    List<ChangedCase> cases = new ArrayList<>();
    for (String id : changed) {
      for (String arm : arms) {
        cases.add(new ChangedCase(id, arm, outcome(base, id, arm), outcome(head, id, arm)));
      }
    }
    return cases;
  }

  /**
   * How case {@code id} went in {@code arm}: {@code passed} or {@code failed} (at least half its
   * verdicts passed, {@code passed 2 of 3} with several), how its runs ended without a verdict, or
   * {@code no run}.
   */
  private static String outcome(Report report, String id, String arm) {
    List<RunResult> runs =
        report.rawResults().stream()
            .filter(r -> r.caseId().equals(id) && r.arm().equals(arm))
            .toList();
    List<RunResult> verdicts = runs.stream().filter(r -> r.status().isVerdict()).toList();
    if (runs.isEmpty()) {
      return "no run";
    }
    if (verdicts.isEmpty()) {
      return String.join(", ", runs.stream().map(r -> r.status().label()).distinct().toList());
    }
    long passed = verdicts.stream().filter(r -> r.status() == RunStatus.PASSED).count();
    String outcome = 2 * passed >= verdicts.size() ? "passed" : "failed";
    return verdicts.size() == 1 ? outcome : outcome + " " + passed + " of " + verdicts.size();
  }

  private static Set<String> caseIds(Report report) {
    Set<String> ids = new LinkedHashSet<>();
    report.rawResults().forEach(r -> ids.add(r.caseId()));
    return ids;
  }

  private static List<String> arms(Report report) {
    return report.config().arms().stream().map(ArmConfig::name).toList();
  }
}
