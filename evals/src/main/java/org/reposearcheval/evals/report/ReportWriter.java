package org.reposearcheval.evals.report;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  /** The transcript pages, written beside the formats. */
  @FunctionalInterface
  public interface Pages {
    void write() throws IOException;
  }

  /**
   * Writes every format and the transcript pages (a page per run, one per case with its arms side
   * by side) that report.html links to, side by side.
   */
  public static void write(Report report, Path dir) throws IOException {
    write(
        report,
        dir,
        () ->
            TranscriptPages.write(
                dir,
                report.rawResults(),
                report.config().arms().stream().map(ArmConfig::name).toList(),
                Prompts.load(dir)));
  }

  /**
   * Writes every format, each on a thread of its own, and {@code pages} beside them: the whole
   * pages, or what the runs left of them to write ({@code LivePages}). The formats are independent
   * renderings of one report, so a run of thousands of results waits for the slowest alone.
   */
  public static void write(Report report, Path dir, Pages pages) throws IOException {
    Files.createDirectories(dir);
    List<Callable<Void>> tasks = new ArrayList<>();
    for (Format format : FORMATS) {
      tasks.add(
          () -> {
            AtomicFiles.write(dir.resolve(format.file()), format.render().apply(report));
            return null;
          });
    }
    tasks.add(
        () -> {
          pages.write();
          return null;
        });
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Void> written : threads.invokeAll(tasks)) {
        written.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing the reports");
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        default -> throw new IOException(e.getCause());
      }
    }
  }
}
