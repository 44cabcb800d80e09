package org.reposearcheval.evals.report;

import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.Adoption;

/** The "MCP adoption" section of {@code report.md}. */
final class AdoptionMarkdown {
  private AdoptionMarkdown() {}

  /**
   * The section: a table of the arms, each warning as a quote, the runs offered MCP that did not
   * use it, and each case; "" when no arm was offered MCP.
   */
  static String render(Report report) {
    Map<String, Adoption.ArmAdoption> arms = AdoptionReport.arms(report);
    return arms.isEmpty()
        ? ""
        : "\n## "
            + AdoptionReport.TITLE
            + "\n\n"
            + (AdoptionReport.nothingKnown(arms)
                ? AdoptionReport.unknownOnly(arms) + "\n"
                : tables(report, arms));
  }

  private static String tables(Report report, Map<String, Adoption.ArmAdoption> arms) {
    StringBuilder md = new StringBuilder();
    List<String> names = List.copyOf(arms.keySet());
    md.append(AdoptionReport.NOTE).append("\n\n").append(Markdown.header("", names, "---:|"));
    for (AdoptionReport.Row row : AdoptionReport.rows(arms)) {
      md.append(Markdown.labelled(row.name(), arms.values().stream().map(row.value()).toList()));
    }
    arms.values().stream()
        .filter(a -> a.warning() != null)
        .forEach(a -> md.append("\n> ⚠️ **Warning:** ").append(a.warning()).append(".\n"));
    arms.forEach(
        (arm, a) -> {
          if (a.tools() != null && !a.tools().neverCalled().isEmpty()) {
            md.append("\nNever called by ")
                .append(arm)
                .append(": `")
                .append(String.join("`, `", a.tools().neverCalled()))
                .append("`.\n");
          }
        });
    List<RunResult> notUsed = AdoptionReport.notUsed(report);
    if (!notUsed.isEmpty()) {
      md.append("\n### ")
          .append(AdoptionReport.NOT_USED)
          .append("\n\n| # | case | mode | run | status | transcript |\n")
          .append("|---:|---|---|---:|---|---|\n");
      for (RunResult r : notUsed) {
        md.append(
            Markdown.row(
                r.index(),
                r.caseId().replace("|", "\\|"),
                r.arm(),
                r.run(),
                r.status().label(),
                Markdown.transcript(r)));
      }
    }
    md.append("\nPer case, the runs that called an MCP tool:\n\n")
        .append(Markdown.header("case", names, "---|"));
    for (String caseId : AdoptionReport.caseIds(arms)) {
      md.append(
          Markdown.labelled(
              caseId.replace("|", "\\|"),
              arms.values().stream()
                  .map(a -> AdoptionReport.caseCell(a.byCase().get(caseId)))
                  .toList()));
    }
    return md.toString();
  }
}
