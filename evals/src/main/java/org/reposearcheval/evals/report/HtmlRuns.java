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
 * The runs in {@code report.html}: each case with a chip per run linking to its transcript, flips
 * highlighted, and the runs that did not pass with why.
 */
final class HtmlRuns {
  private HtmlRuns() {}

  static void cases(StringBuilder h, Report report, List<String> arms) {
    List<PairedStatistics> pairs = ReportText.comparisons(report);
    Map<String, List<RunResult>> runs = new LinkedHashMap<>();
    for (RunResult r : report.rawResults()) {
      runs.computeIfAbsent(r.caseId() + "\u0000" + r.arm(), k -> new ArrayList<>()).add(r);
    }
    List<String> columns = new ArrayList<>(List.of("case"));
    columns.addAll(arms);
    if (!pairs.isEmpty()) {
      columns.add("flips");
    }
    h.append(
            "<section><h2>By case</h2><p class=\"note\">Each case links to its arms side by"
                + " side, each run to its transcript. Highlighted rows pass in one arm and fail"
                + " in the other.</p>")
        .append(Html.table(columns));
    for (Summary.CaseSummary c : report.summary().byCase()) {
      List<String> flips = ReportText.flips(pairs, c.caseId());
      h.append(flips.isEmpty() ? "<tr>" : "<tr class=\"flip\">")
          .append("<td class=\"id\"><a href=\"")
          .append(Html.escape(TranscriptPages.casePage(c.caseId())))
          .append("\" title=\"the arms side by side\">")
          .append(Html.escape(c.caseId()))
          .append("</a></td>");
      for (String arm : arms) {
        h.append("<td>");
        for (RunResult r : runs.getOrDefault(c.caseId() + "\u0000" + arm, List.of())) {
          String chip =
              "<span class=\"chip "
                  + r.status().label()
                  + "\" title=\"run "
                  + r.run()
                  + ": "
                  + r.status().label()
                  + "\">"
                  + r.status().symbol()
                  + "</span>";
          h.append("<a href=\"")
              .append(Html.escape(TranscriptPages.runPage(r)))
              .append("\">")
              .append(chip)
              .append("</a>");
        }
        Summary.CaseArmSummary s = c.byArm().get(arm);
        if (s != null && s.medianDurationMs() != null) {
          h.append(" <span class=\"muted\">")
              .append(Durations.format(s.medianDurationMs()))
              .append("</span>");
        }
        h.append("</td>");
      }
      if (!pairs.isEmpty()) {
        h.append("<td>").append(Html.escape(String.join("; ", flips))).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</tbody></table></section>\n");
  }

  static void notPassed(StringBuilder h, Report report) {
    List<RunResult> notPassed = ReportText.notPassed(report);
    if (notPassed.isEmpty()) {
      return;
    }
    h.append("<section><h2>Runs that did not pass</h2>")
        .append(Html.table(List.of("case", "mode", "run", "status", "why", "transcript")));
    for (RunResult r : notPassed) {
      String why = ReportText.why(r);
      h.append("<tr>")
          .append(Html.runCells(r))
          .append("<td><span class=\"chip ")
          .append(r.status().label())
          .append("\">")
          .append(r.status().symbol())
          .append("</span> ")
          .append(r.status().label())
          .append("</td><td class=\"why\">")
          .append(Html.escape(why.length() > 400 ? why.substring(0, 400) + "…" : why))
          .append("</td><td>")
          .append(Html.transcript(r))
          .append("</td></tr>");
    }
    h.append("</tbody></table></section>\n");
  }
}
