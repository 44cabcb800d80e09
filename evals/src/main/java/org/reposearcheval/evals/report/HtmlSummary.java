package org.reposearcheval.evals.report;

import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.score.Finding;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.score.Summary;

/** The top of {@code report.html}: a card per arm, and the statistics in words. */
final class HtmlSummary {
  private HtmlSummary() {}

  static void cards(
      StringBuilder h,
      Report report,
      List<String> arms,
      Map<String, String> colours,
      String baseline) {
    h.append("<section class=\"cards\">");
    for (String arm : arms) {
      Summary.ArmSummary s = report.summary().byArm().get(arm);
      h.append("<div class=\"card\" style=\"border-top-color:")
          .append(colours.get(arm))
          .append("\">")
          .append("<div class=\"mode\">")
          .append(Html.escape(arm))
          .append(arm.equals(baseline) ? " <span class=\"tag\">baseline</span>" : "")
          .append("</div><div class=\"big\">")
          .append(Numbers.percent(s.passRate()))
          .append("</div>")
          .append("<div class=\"sub\">pass rate")
          .append(
              s.passRateCiLow() == null
                  ? ""
                  : ", 95% CI "
                      + Numbers.percent(s.passRateCiLow())
                      + "–"
                      + Numbers.percent(s.passRateCiHigh()))
          .append("</div><div class=\"counts\">")
          .append(s.passed())
          .append(" passed · ")
          .append(s.failed())
          .append(" failed");
      int other = s.errors() + s.timeouts() + s.invalid() + s.cancelled();
      if (other > 0) {
        h.append(" · <span class=\"warn\">").append(other).append(" without verdict</span>");
      }
      h.append("</div><div class=\"counts\">median ")
          .append(Numbers.durationMs(s.medianDurationMs()))
          .append(" · total ")
          .append(Numbers.money(s.totalCostUsd()))
          .append(" · ")
          .append(Numbers.decimal(s.meanMcpToolCalls()))
          .append(" MCP calls/run</div>");
      if (s.k() > 1) {
        h.append("<div class=\"counts\">pass@1 ").append(Numbers.percent(s.passAt1()));
        for (int k = 2; k <= s.k(); k++) {
          h.append(" · pass@")
              .append(k)
              .append(' ')
              .append(Html.escape(ReportText.passK(s, k, true)))
              .append(" · pass^")
              .append(k)
              .append(' ')
              .append(Html.escape(ReportText.passK(s, k, false)));
        }
        h.append(" · ").append(s.flakyCases().size()).append(" flaky</div>");
      }
      h.append("</div>");
    }
    h.append("</section>\n");
  }

  static void findings(StringBuilder h, Statistics statistics) {
    if (statistics == null || statistics.comparisons().isEmpty()) {
      return;
    }
    h.append(
            "<section><h2>Is the difference real?</h2><p class=\"note\">Each mode against the"
                + " baseline, ")
        .append(Html.escape(statistics.baseline()))
        .append(", on the cases that reached a verdict in both.</p>");
    for (PairedStatistics pair : statistics.comparisons()) {
      h.append("<h3>")
          .append(Html.escape(pair.arm()))
          .append(" <span class=\"vs\">against</span> ")
          .append(Html.escape(pair.baseline()))
          .append("</h3><ul class=\"findings\">");
      for (Finding f : pair.findings()) {
        boolean test = f.kind().equals("test");
        String badge = !test ? f.kind() : f.significant() ? "significant" : "not significant";
        h.append("<li class=\"")
            .append(!test ? f.kind() : f.significant() ? "sig" : "ns")
            .append("\"><span class=\"badge\">")
            .append(badge)
            .append("</span>")
            .append(Html.escape(f.text()))
            .append("</li>");
      }
      h.append("</ul>");
      caseList(h, "Pass only with " + pair.arm(), pair.flips().armOnly());
      caseList(h, "Pass only with " + pair.baseline(), pair.flips().baselineOnly());
      caseList(h, "Left out (no verdict in one of the two)", pair.unpairedCases());
      efficiency(h, pair);
    }
    h.append("<p class=\"note\">")
        .append(Html.escape(ReportText.method(statistics)))
        .append("</p></section>\n");
  }

  private static void caseList(StringBuilder h, String title, List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    h.append("<p class=\"cases\">").append(Html.escape(title)).append(": ");
    for (int i = 0; i < ids.size(); i++) {
      h.append(i == 0 ? "" : ", ")
          .append("<code>")
          .append(Html.escape(ids.get(i)))
          .append("</code>");
    }
    h.append("</p>");
  }

  /** The efficiency table of one comparison, as report.md has it. */
  private static void efficiency(StringBuilder h, PairedStatistics pair) {
    List<List<String>> rows = ReportText.efficiency(pair);
    if (rows.isEmpty()) {
      return;
    }
    h.append("<table class=\"efficiency\"><caption>Efficiency, ")
        .append(Html.escape(pair.arm() + " − " + pair.baseline()))
        .append(" per paired case</caption><thead><tr>");
    ReportText.EFFICIENCY_COLUMNS.forEach(
        c -> h.append("<th>").append(Html.escape(c)).append("</th>"));
    h.append("</tr></thead><tbody>");
    for (List<String> row : rows) {
      h.append("<tr>");
      row.forEach(c -> h.append("<td>").append(Html.escape(c)).append("</td>"));
      h.append("</tr>");
    }
    h.append("</tbody></table>");
  }
}
