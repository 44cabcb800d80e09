package org.reposearcheval.evals.report;

import java.util.List;
import org.reposearcheval.evals.run.RunResult;

/** Escaping and the small pieces of markup every section of the HTML report uses. */
final class Html {
  private Html() {}

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A table's start and its header row; the columns are escaped. */
  static String table(List<String> columns) {
    StringBuilder table = new StringBuilder("<table><thead><tr>");
    columns.forEach(c -> table.append("<th>").append(escape(c)).append("</th>"));
    return table.append("</tr></thead><tbody>").toString();
  }

  /** A row that names its values; the name and every value are escaped. */
  static String labelled(String label, List<String> values) {
    StringBuilder row = new StringBuilder("<tr><td>").append(escape(label)).append("</td>");
    values.forEach(v -> row.append("<td>").append(escape(v)).append("</td>"));
    return row.append("</tr>").toString();
  }

  /** The cells that name a run: its case, arm and repetition. */
  static String runCells(RunResult r) {
    return "<td class=\"id\">"
        + escape(r.caseId())
        + "</td><td>"
        + escape(r.arm())
        + "</td><td>"
        + r.run()
        + "</td>";
  }

  /** A link to the run's transcript, or nothing when it has none. */
  static String transcript(RunResult r) {
    return r.transcript() == null ? "" : "<a href=\"" + escape(r.transcript()) + "\">jsonl</a>";
  }
}
