package org.reposearcheval.evals.report;

import java.util.List;

/** The "MCP servers" section of {@code report.md} ({@link ManifestReport}). */
final class ManifestMarkdown {
  private ManifestMarkdown() {}

  /** The section; "" when no arm's servers were asked. */
  static String render(Report report) {
    List<ManifestReport.Row> rows = ManifestReport.rows(report);
    if (rows.isEmpty()) {
      return "";
    }
    List<String> columns = ManifestReport.COLUMNS;
    StringBuilder md =
        new StringBuilder("\n## ")
            .append(ManifestReport.TITLE)
            .append("\n\n")
            .append(ManifestReport.NOTE)
            .append("\n\n")
            .append(
                Markdown.header(columns.getFirst(), columns.subList(1, columns.size()), "---|"));
    for (ManifestReport.Row row : rows) {
      md.append(Markdown.row(row.cells().stream().map(c -> c.replace("|", "\\|")).toArray()));
    }
    return md.toString();
  }
}
