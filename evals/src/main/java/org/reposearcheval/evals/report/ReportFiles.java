package org.reposearcheval.evals.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;

/**
 * A run directory's {@code report.json} read back: as it is, checked to be a report, or re-rendered
 * in every format ({@code report DIR}). Writing is {@link ReportWriter}'s.
 */
public final class ReportFiles {
  private ReportFiles() {}

  public static Report read(Path file) {
    return Json.MAPPER.readValue(file.toFile(), Report.class);
  }

  /**
   * The report in {@code path}: a {@code report.json} file or a run directory holding one.
   *
   * @throws InvalidInputException naming the file when there is none or it is not a report
   */
  public static Report load(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(ReportWriter.JSON) : path;
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

  /**
   * {@code report DIR}: reads the run directory's {@code report.json}, computes its summaries and
   * statistics afresh from its raw results, and writes every format again.
   */
  public static Report rerender(Path dir) throws IOException {
    Report report = load(dir).recomputed();
    ReportWriter.write(report, Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent());
    return report;
  }
}
