package org.reposearcheval.evals.report;

import java.util.List;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.score.Finding;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.Statistics;

/**
 * The "Is the difference real?" section of {@code report.md}: each arm against the baseline, its
 * findings, the cases that flipped or were left out, and its efficiency table.
 */
final class StatisticsMarkdown {
  private StatisticsMarkdown() {}

  static void render(StringBuilder md, Statistics statistics, List<Preparation> preparations) {
    if (statistics == null || statistics.comparisons().isEmpty()) {
      return;
    }
    md.append("\n## Is the difference real?\n\nEach arm against the baseline, ")
        .append(statistics.baseline())
        .append(", on the cases that reached a verdict in both (a case passes in an arm when at")
        .append(" least half its runs there pass). The pass rate is decided by ")
        .append(ReportText.passRateMethod(statistics))
        .append(", each measure by Wilcoxon's signed-rank test; p-values are")
        .append(" Holm-adjusted within each family of tests. **Bold**: significant at ")
        .append(Numbers.alpha(statistics.alpha()))
        .append(".\n");
    for (PairedStatistics pair : statistics.comparisons()) {
      md.append("\n### ").append(pair.arm()).append(" against ").append(pair.baseline());
      md.append("\n\n");
      for (Finding finding : pair.findings()) {
        md.append(Markdown.finding(finding));
      }
      caseList(md, "Pass only with " + pair.arm(), pair.flips().armOnly());
      caseList(md, "Pass only with " + pair.baseline(), pair.flips().baselineOnly());
      caseList(md, "Left out (no verdict in one of the two)", pair.unpairedCases());
      efficiency(md, pair, preparations);
    }
    md.append("\n").append(ReportText.method(statistics)).append('\n');
  }

  /** The efficiency table of one comparison. */
  private static void efficiency(
      StringBuilder md, PairedStatistics pair, List<Preparation> preparations) {
    List<List<String>> rows = ReportText.efficiency(pair, preparations);
    if (rows.isEmpty()) {
      return;
    }
    md.append("\nEfficiency, ")
        .append(pair.arm())
        .append(" − ")
        .append(pair.baseline())
        .append(" per paired case:\n\n| ")
        .append(String.join(" | ", ReportText.EFFICIENCY_COLUMNS))
        .append(" |\n|---|---:|---:|---|---:|\n");
    rows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
  }

  private static void caseList(StringBuilder md, String title, List<String> ids) {
    if (!ids.isEmpty()) {
      md.append("- ").append(title).append(": `").append(String.join("`, `", ids)).append("`\n");
    }
  }
}
