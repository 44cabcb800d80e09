package org.reposearcheval.evals.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.CaseMeasures;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.transcript.Transcript.Shown;
import org.reposearcheval.evals.transcript.Transcript.Turn;

/**
 * What a case's side-by-side page shows ({@code case.jte}): the prompt, each arm's verdict with the
 * flip at the top, then one table per repetition with the arms in columns and their turns in rows,
 * turn 1 of every arm on one row.
 *
 * @param prompt null when the run directory did not record it
 * @param flip null unless the case passes in one arm and fails in another
 */
record CaseView(
    String caseId,
    String prompt,
    List<String> expectations,
    List<ArmVerdict> arms,
    String flip,
    List<Repetition> repetitions) {

  /**
   * One arm's runs of the case; it passes when at least half its verdicts pass (as the statistics
   * count).
   */
  record ArmVerdict(String arm, String summary, String verdictClass, List<Chip> runs) {}

  /** One run, linked to its page. */
  record Chip(int run, Figures figures, String href) {}

  /** The runs numbered {@code run} of every arm, side by side. */
  record Repetition(int run, List<Column> columns, List<Row> rows) {}

  /**
   * One arm's run: the agent that ran it (null when its transcript does not say), its header
   * numbers, its answer and why it missed or ended.
   */
  record Column(
      RunResult result,
      String agent,
      Figures figures,
      String href,
      Shown answer,
      List<String> missed) {}

  /** Turn {@code number} of each column; null where a column has no such turn. */
  record Row(int number, List<Turn> cells) {}

  /** A run with its transcript, read once for both pages. */
  record Run(RunResult result, Transcript transcript) {}

  static CaseView of(
      String caseId, List<Run> runs, List<String> arms, Optional<Prompts.CasePrompt> asked) {
    List<ArmVerdict> verdicts = new ArrayList<>();
    List<String> passing = new ArrayList<>();
    List<String> failing = new ArrayList<>();
    for (String arm : arms) {
      List<Run> own = runs.stream().filter(r -> r.result().arm().equals(arm)).toList();
      if (own.isEmpty()) {
        continue;
      }
      CaseMeasures m = CaseMeasures.of(own.stream().map(Run::result).toList(), arm).get(caseId);
      String verdictClass = "muted";
      String summary = "no verdict";
      if (m.verdicts() > 0) {
        boolean passes = 2 * m.passed() >= m.verdicts();
        (passes ? passing : failing).add(arm + " (" + m.passed() + " of " + m.verdicts() + ")");
        verdictClass = passes ? "pass" : "fail";
        summary =
            (passes ? "passes · " : "fails · ") + m.passed() + " of " + m.verdicts() + " passed";
      }
      int without = own.size() - m.verdicts();
      if (without > 0) {
        summary += (m.verdicts() > 0 ? ", " : " · ") + without + " without a verdict";
      }
      verdicts.add(
          new ArmVerdict(
              arm,
              summary,
              verdictClass,
              own.stream()
                  .map(
                      r ->
                          new Chip(
                              r.result().run(),
                              Figures.of(r.result(), r.transcript()),
                              href(r.result())))
                  .toList()));
    }
    String flip =
        passing.isEmpty() || failing.isEmpty()
            ? null
            : "Passes with "
                + String.join(", ", passing)
                + "; fails with "
                + String.join(", ", failing)
                + ".";
    return new CaseView(
        caseId,
        asked.map(Prompts.CasePrompt::prompt).orElse(null),
        asked.map(Prompts.CasePrompt::expectations).orElse(List.of()),
        verdicts,
        flip,
        repetitions(runs, arms));
  }

  private static List<Repetition> repetitions(List<Run> runs, List<String> arms) {
    List<Repetition> repetitions = new ArrayList<>();
    for (int n : new TreeSet<>(runs.stream().map(r -> r.result().run()).toList())) {
      TreeMap<Integer, Run> byArm = new TreeMap<>();
      for (Run r : runs) {
        if (r.result().run() == n && arms.contains(r.result().arm())) {
          byArm.putIfAbsent(arms.indexOf(r.result().arm()), r);
        }
      }
      List<Run> columns = List.copyOf(byArm.values());
      int turns = columns.stream().mapToInt(r -> r.transcript().turns().size()).max().orElse(0);
      List<Row> rows = new ArrayList<>();
      for (int t = 1; t <= turns; t++) {
        int index = t - 1;
        rows.add(
            new Row(
                t,
                columns.stream()
                    .map(
                        r ->
                            index < r.transcript().turns().size()
                                ? r.transcript().turns().get(index)
                                : null)
                    .toList()));
      }
      repetitions.add(new Repetition(n, columns.stream().map(CaseView::column).toList(), rows));
    }
    return repetitions;
  }

  private static Column column(Run run) {
    RunResult r = run.result();
    Transcript.Init init = run.transcript().init();
    return new Column(
        r,
        init == null || init.agent() == null ? null : AgentSpec.displayName(init.agent()),
        Figures.of(r, run.transcript()),
        href(r),
        r.answer() == null ? null : Shown.of(r.answer(), TranscriptReader.SHOWN_RESULT),
        r.status() == RunStatus.FAILED ? r.failedExpectations() : List.of());
  }

  /** A run's page, relative to the case page. */
  private static String href(RunResult r) {
    return PageLayout.runPageInPages(r);
  }
}
