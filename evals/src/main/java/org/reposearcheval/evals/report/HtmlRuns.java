package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.Summary;
import org.reposearcheval.evals.transcript.TranscriptPages;
import org.reposearcheval.evals.util.Durations;

/**
 * What the runs' sections of {@code report.html} show: each case with a chip per run linking to its
 * transcript, flips highlighted ({@code cases.jte}), and the runs that did not pass with why
 * ({@code notPassed.jte}).
 */
final class HtmlRuns {
  private static final int WHY_LENGTH = 400;

  private HtmlRuns() {}

  /** Why a run did not pass, cut at 400 characters. */
  static String why(RunResult r) {
    String why = ReportText.why(r);
    return why.length() > WHY_LENGTH ? why.substring(0, WHY_LENGTH) + "…" : why;
  }

  /** The by-case table: a row per case, a column per arm, and the flips when arms are compared. */
  record Cases(Report report, List<String> arms) {
    List<String> columns() {
      List<String> columns = new ArrayList<>(List.of("case"));
      columns.addAll(arms);
      if (!ReportText.comparisons(report).isEmpty()) {
        columns.add("flips");
      }
      if (report.config().autoRuns()) {
        columns.add(ReportText.ALLOCATION_COLUMN);
      }
      return columns;
    }

    List<CaseRow> rows() {
      List<PairedStatistics> pairs = ReportText.comparisons(report);
      Map<String, List<RunResult>> runs = new LinkedHashMap<>();
      for (RunResult r : report.rawResults()) {
        runs.computeIfAbsent(r.caseId() + "\u0000" + r.arm(), k -> new ArrayList<>()).add(r);
      }
      List<CaseRow> rows = new ArrayList<>();
      for (Summary.CaseSummary c : report.summary().byCase()) {
        List<ArmCell> cells = new ArrayList<>();
        for (String arm : arms) {
          Summary.CaseArmSummary s = c.byArm().get(arm);
          cells.add(
              new ArmCell(
                  runs.getOrDefault(c.caseId() + "\u0000" + arm, List.of()).stream()
                      .map(r -> new Chip(r, TranscriptPages.runPage(r)))
                      .toList(),
                  s == null || s.medianDurationMs() == null
                      ? null
                      : Durations.format(s.medianDurationMs())));
        }
        List<String> flips = ReportText.flips(pairs, c.caseId());
        rows.add(
            new CaseRow(
                c.caseId(),
                cells,
                pairs.isEmpty() ? null : String.join("; ", flips),
                report.config().autoRuns()
                    ? java.util.Objects.requireNonNullElse(c.allocation(), "")
                    : null));
      }
      return rows;
    }
  }

  /**
   * A case's row; {@code flips} is null when no arms are compared, "" when none flips; {@code
   * allocation}, under {@code --runs auto}, how many runs each arm got and why (else null).
   */
  record CaseRow(String caseId, List<ArmCell> arms, String flips, String allocation) {
    /** {@code flip} when the case passes in one arm and fails in the other, else null. */
    String css() {
      return flips == null || flips.isEmpty() ? null : "flip";
    }

    /** The case's page, its arms side by side. */
    String page() {
      return TranscriptPages.casePage(caseId);
    }
  }

  /** A case's runs in one arm, and their median duration (null when none answered). */
  record ArmCell(List<Chip> runs, String median) {}

  /** A run's mark, linking to its page. */
  record Chip(RunResult run, String page) {}
}
