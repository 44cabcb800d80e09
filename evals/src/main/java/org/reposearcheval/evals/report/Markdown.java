package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.Finding;
import org.reposearcheval.evals.transcript.TranscriptPages;

/** Tables in GitHub-flavoured Markdown, as report.md and compare write them. */
final class Markdown {
  private Markdown() {}

  /** One table row, {@code | a | b |}, and its line end. */
  static String row(Object... cells) {
    StringBuilder row = new StringBuilder("|");
    for (Object cell : cells) {
      row.append(' ').append(cell).append(" |");
    }
    return row.append('\n').toString();
  }

  /** A row that names its values: {@code | label | a | b |}. */
  static String labelled(Object label, List<?> values) {
    List<Object> cells = new ArrayList<>(List.of(label));
    cells.addAll(values);
    return row(cells.toArray());
  }

  /**
   * A header row, {@code | first | a | b |} ({@code | | a | b |} when {@code first} is empty), and
   * its separator: {@code ---} under {@code first}, {@code alignment} under each column.
   */
  static String header(String first, List<String> columns, String alignment) {
    StringBuilder header = new StringBuilder(first.isEmpty() ? "| |" : "| " + first + " |");
    columns.forEach(c -> header.append(' ').append(c).append(" |"));
    return header
        .append("\n|---|")
        .append(alignment.repeat(columns.size()))
        .append('\n')
        .toString();
  }

  /** A finding as a list item, in bold when its test found the difference significant. */
  static String finding(Finding f) {
    return "- " + (f.significant() ? "**" + f.text() + "**" : f.text()) + "\n";
  }

  /** Links to the run's transcript page and, when it has one, its raw stream-json. */
  static String transcript(RunResult r) {
    String page = "[page](" + TranscriptPages.runPage(r) + ")";
    return r.transcript() == null ? page : page + " · [jsonl](" + r.transcript() + ")";
  }

  /** Table cells hold one line and no pipes. */
  static String cell(String text) {
    String flat = text.replace("|", "\\|").replaceAll("\\s+", " ").strip();
    return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
  }
}
