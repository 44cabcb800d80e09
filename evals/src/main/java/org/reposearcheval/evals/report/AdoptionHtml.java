package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.Adoption;

/** What the "MCP adoption" section of {@code report.html} shows ({@code adoption.jte}). */
final class AdoptionHtml {
  private AdoptionHtml() {}

  /** The section; null when no arm was offered MCP. */
  static Section section(Report report) {
    Map<String, Adoption.ArmAdoption> arms = AdoptionReport.arms(report);
    return arms.isEmpty() ? null : new Section(report, arms);
  }

  /**
   * The note and the warnings, a table of the arms, the runs offered MCP that did not use it, and,
   * folded, the tools never called and each case; or only {@link #unknownOnly} when no run recorded
   * its MCP use.
   */
  record Section(Report report, Map<String, Adoption.ArmAdoption> arms) {
    /** What the section says instead of its tables; null when any run recorded its MCP use. */
    String unknownOnly() {
      return AdoptionReport.nothingKnown(arms) ? AdoptionReport.unknownOnly(arms) : null;
    }

    List<String> warnings() {
      return arms.values().stream()
          .map(Adoption.ArmAdoption::warning)
          .filter(w -> w != null)
          .toList();
    }

    /** {@code first}, then one column per arm. */
    List<String> columns(String first) {
      List<String> columns = new ArrayList<>(List.of(first));
      columns.addAll(arms.keySet());
      return columns;
    }

    /** The table of the arms: a row per measure, a value per arm. */
    List<Row> rows() {
      return AdoptionReport.rows(arms).stream()
          .map(row -> new Row(row.name(), arms.values().stream().map(row.value()).toList()))
          .toList();
    }

    List<RunResult> notUsed() {
      return AdoptionReport.notUsed(report);
    }

    /** Per arm whose tools are known and some never called: the arm and those tools. */
    List<NeverCalled> neverCalled() {
      List<NeverCalled> neverCalled = new ArrayList<>();
      arms.forEach(
          (arm, a) -> {
            if (a.tools() != null && !a.tools().neverCalled().isEmpty()) {
              neverCalled.add(new NeverCalled(arm, String.join(", ", a.tools().neverCalled())));
            }
          });
      return neverCalled;
    }

    /** A row per case, its adoption in each arm. */
    List<Row> cases() {
      return AdoptionReport.caseIds(arms).stream()
          .map(
              id ->
                  new Row(
                      id,
                      arms.values().stream()
                          .map(a -> AdoptionReport.caseCell(a.byCase().get(id)))
                          .toList()))
          .toList();
    }
  }

  /** A row of named values. */
  record Row(String name, List<String> values) {}

  /** The tools an arm never called, joined by commas. */
  record NeverCalled(String arm, String tools) {}
}
