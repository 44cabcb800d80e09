package org.reposearcheval.evals.report;

import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.JudgeSummary;

/** The "Judged answers" section of {@code report.md}; "" when no run was judged. */
final class JudgeMarkdown {
  private JudgeMarkdown() {}

  static String render(Report report) {
    JudgeReport.Section section = JudgeReport.section(report);
    if (section == null) {
      return "";
    }
    StringBuilder md = new StringBuilder("\n## ").append(JudgeReport.TITLE).append("\n\n");
    md.append(section.intro()).append("\n\n");
    for (String warning : section.warnings()) {
      md.append("> ⚠️ **Warning:** ").append(warning).append("\n\n");
    }
    if (section.oneVote() != null) {
      md.append(section.oneVote()).append("\n\n");
    }
    md.append(Markdown.header("", section.arms(), "---:|"));
    for (JudgeReport.Row row : section.rows()) {
      md.append(Markdown.labelled(row.name(), row.values()));
    }
    if (section.agreement() != null) {
      md.append('\n').append(section.agreement()).append('\n');
    }
    if (!section.disagreements().isEmpty()) {
      md.append("\nThe judge and the strings disagreed on:\n\n")
          .append("| case | mode | run | strings | judge | the judge's reason |\n")
          .append("|---|---|---:|---|---|---|\n");
      for (JudgeSummary.Disagreement d : section.disagreements()) {
        md.append(
            Markdown.row(
                d.caseId(),
                d.mode(),
                d.run(),
                d.strings(),
                d.judge(),
                Markdown.cell(d.reason() == null ? "" : d.reason())));
      }
    }
    md.append("\nEach judged answer:\n\n")
        .append("| case | mode | run | verdict | votes | the judge's reason |\n")
        .append("|---|---|---:|---|---|---|\n");
    for (RunResult r : section.judged()) {
      md.append(
          Markdown.row(
              r.caseId(),
              r.arm(),
              r.run(),
              r.judge().verdict(),
              JudgeReport.votes(r.judge()),
              Markdown.cell(r.judge().reason() == null ? "" : r.judge().reason())));
    }
    return md.toString();
  }
}
