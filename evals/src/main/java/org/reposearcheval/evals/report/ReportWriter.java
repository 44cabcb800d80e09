package org.reposearcheval.evals.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.reposearcheval.evals.transcript.Prompts;
import org.reposearcheval.evals.transcript.TranscriptPages;
import org.reposearcheval.evals.util.AtomicFiles;
import org.reposearcheval.evals.util.Json;

/**
 * Writes every report format into a run directory, each file atomically: {@code report.json} for
 * scripts, {@code report.md} and {@code report.html} for people, {@code junit.xml} for CI test
 * views, and the transcript pages under {@code pages/}.
 */
public final class ReportWriter {
  public static final String JSON = "report.json";
  public static final String MARKDOWN = "report.md";
  public static final String HTML = "report.html";
  public static final String JUNIT = "junit.xml";

  /** One format: the file it is written to and its text for a report. */
  record Format(String file, Function<Report, String> render) {}

  /** Every format, in the order they are written. */
  static final List<Format> FORMATS =
      List.of(
          new Format(JSON, report -> Json.MAPPER.writeValueAsString(report) + "\n"),
          new Format(MARKDOWN, MarkdownReport::render),
          new Format(HTML, HtmlReport::render),
          new Format(JUNIT, JunitReport::render));

  private ReportWriter() {}

  /**
   * Writes every format, then the transcript pages (a page per run, one per case with its arms side
   * by side) that report.html links to.
   */
  public static void write(Report report, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Format format : FORMATS) {
      AtomicFiles.write(dir.resolve(format.file()), format.render().apply(report));
    }
    TranscriptPages.write(
        dir,
        report.rawResults(),
        report.config().arms().stream().map(Report.ArmConfig::name).toList(),
        Prompts.load(dir));
  }
}
