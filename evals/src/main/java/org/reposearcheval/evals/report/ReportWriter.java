package org.reposearcheval.evals.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;

/**
 * Writes every report format into a run directory, each file atomically (temporary file, rename):
 * {@code report.json} for scripts, {@code report.md} and {@code report.html} for people, {@code
 * junit.xml} for CI test views.
 */
public final class ReportWriter {
  public static final String JSON = "report.json";
  public static final String MARKDOWN = "report.md";
  public static final String HTML = "report.html";
  public static final String JUNIT = "junit.xml";

  private ReportWriter() {}

  public static void write(Report report, Path dir) throws IOException {
    Files.createDirectories(dir);
    writeAtomically(dir.resolve(JSON), Json.MAPPER.writeValueAsString(report) + "\n");
    writeAtomically(dir.resolve(MARKDOWN), MarkdownReport.render(report));
    writeAtomically(dir.resolve(HTML), HtmlReport.render(report));
    writeAtomically(dir.resolve(JUNIT), JunitReport.render(report));
  }

  public static Report read(Path file) {
    return Json.MAPPER.readValue(file.toFile(), Report.class);
  }

  /**
   * {@code report DIR}: reads the run directory's {@code report.json}, computes its summaries and
   * statistics afresh from its raw results, and writes every format again.
   */
  public static Report rerender(Path dir) throws IOException {
    Report report = load(dir).recomputed();
    write(report, Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent());
    return report;
  }

  /**
   * The report in {@code path}: a {@code report.json} file or a run directory holding one.
   *
   * @throws InvalidInputException naming the file when there is none or it is not a report
   */
  public static Report load(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(JSON) : path;
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          file, null, "no report here (a report.json or a run directory)");
    }
    try {
      Report report = read(file);
      if (report == null || report.rawResults() == null || report.config() == null) {
        throw new InvalidInputException(
            file, "rawResults", "missing: not a repo-search-eval report");
      }
      return report;
    } catch (JacksonException e) {
      throw new InvalidInputException(file, null, "not a readable report: " + Json.describe(e));
    }
  }

  public static void writeAtomically(Path target, String content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
    try {
      Files.writeString(temp, content);
      // A temporary file is private (0600); a report is for whoever may read the run directory.
      if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
