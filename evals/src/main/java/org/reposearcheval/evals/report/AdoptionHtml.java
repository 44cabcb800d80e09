package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.Adoption;

/** The "MCP adoption" section of {@code report.html}. */
final class AdoptionHtml {
  private AdoptionHtml() {}

  /**
   * The section: the note and the warnings, a table of the arms, the runs offered MCP that did not
   * use it, and, folded, the tools never called and each case; "" when no arm was offered MCP.
   */
  static String render(Report report) {
    Map<String, Adoption.ArmAdoption> arms = AdoptionReport.arms(report);
    if (arms.isEmpty()) {
      return "";
    }
    String body =
        AdoptionReport.nothingKnown(arms)
            ? "<p class=\"note\">" + Html.escape(AdoptionReport.unknownOnly(arms)) + "</p>"
            : tables(report, arms);
    return "<section class=\"adoption\"><h2>"
        + AdoptionReport.TITLE
        + "</h2>"
        + body
        + "</section>\n";
  }

  private static String tables(Report report, Map<String, Adoption.ArmAdoption> arms) {
    StringBuilder h = new StringBuilder();
    h.append("<p class=\"note\">").append(Html.escape(AdoptionReport.NOTE)).append("</p>");
    arms.values().stream()
        .filter(a -> a.warning() != null)
        .forEach(
            a ->
                h.append("<p class=\"warn\"><span class=\"badge\">warning</span>")
                    .append(Html.escape(a.warning()))
                    .append(".</p>"));
    h.append(Html.table(columns("", arms)));
    for (AdoptionReport.Row row : AdoptionReport.rows(arms)) {
      h.append(Html.labelled(row.name(), arms.values().stream().map(row.value()).toList()));
    }
    h.append("</tbody></table>");
    List<RunResult> notUsed = AdoptionReport.notUsed(report);
    if (!notUsed.isEmpty()) {
      h.append("<h3>")
          .append(AdoptionReport.NOT_USED)
          .append("</h3>")
          .append(Html.table(List.of("case", "mode", "run", "status", "transcript")));
      for (RunResult r : notUsed) {
        h.append("<tr class=\"not-used\">")
            .append(Html.runCells(r))
            .append("<td>")
            .append(r.status().label())
            .append("</td><td>")
            .append(Html.transcript(r))
            .append("</td></tr>");
      }
      h.append("</tbody></table>");
    }
    // Folded: the page's first screen is for the verdicts; these are looked up.
    h.append("<details><summary>Tools never called, and each case</summary>");
    arms.forEach(
        (arm, a) -> {
          if (a.tools() != null && !a.tools().neverCalled().isEmpty()) {
            h.append("<p>Never called by ")
                .append(Html.escape(arm))
                .append(": <code>")
                .append(Html.escape(String.join(", ", a.tools().neverCalled())))
                .append("</code></p>");
          }
        });
    h.append(Html.table(columns("case", arms)));
    for (String caseId : AdoptionReport.caseIds(arms)) {
      h.append("<tr><td class=\"id\">").append(Html.escape(caseId)).append("</td>");
      arms.values()
          .forEach(
              a ->
                  h.append("<td>")
                      .append(Html.escape(AdoptionReport.caseCell(a.byCase().get(caseId))))
                      .append("</td>"));
      h.append("</tr>");
    }
    h.append("</tbody></table></details>");
    return h.toString();
  }

  /** {@code first}, then one column per arm. */
  private static List<String> columns(String first, Map<String, Adoption.ArmAdoption> arms) {
    List<String> columns = new ArrayList<>(List.of(first));
    columns.addAll(arms.keySet());
    return columns;
  }
}
