package org.reposearcheval.evals.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A run directory's {@code report.json} read back: as it is, checked to be a report, or re-rendered
 * in every format ({@code report DIR}). Writing is {@link ReportWriter}'s.
 */
public final class ReportFiles {
  /** The run manifest a run directory holds beside its report (the root package writes it). */
  private static final String RUN_JSON = "run.json";

  private ReportFiles() {}

  public static Report read(Path file) {
    return Json.MAPPER.readValue(file.toFile(), Report.class);
  }

  /**
   * The report in {@code path}: a {@code report.json} file or a run directory holding one. A report
   * written before report.json recorded the case fingerprints takes them from the {@code run.json}
   * beside it, when there is one.
   *
   * @throws InvalidInputException naming the file when there is none or it is not a report
   */
  public static Report load(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(ReportWriter.JSON) : path;
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          file, null, "no report here (a report.json or a run directory)");
    }
    Report report;
    try {
      report = read(file);
    } catch (JacksonException e) {
      throw new InvalidInputException(file, null, "not a readable report: " + Json.describe(e));
    }
    if (report == null || report.rawResults() == null || report.config() == null) {
      throw new InvalidInputException(file, "rawResults", "missing: not a repo-search-eval report");
    }
    if (report.caseFingerprints() == null) {
      Path manifest = file.toAbsolutePath().resolveSibling(RUN_JSON);
      if (Files.isRegularFile(manifest)) {
        return report.withCaseFingerprints(fingerprints(manifest, report));
      }
    }
    return report;
  }

  /** {@code caseFingerprints} of the run.json {@code file}, for the cases {@code report} ran. */
  private static Map<String, String> fingerprints(Path file, Report report) {
    JsonNode recorded;
    try {
      JsonNode root = Json.MAPPER.readTree(file.toFile());
      recorded = root == null ? null : root.get("caseFingerprints");
    } catch (JacksonException e) {
      throw new InvalidInputException(file, null, "not a readable run.json: " + Json.describe(e));
    }
    if (recorded == null || !recorded.isObject()) {
      throw new InvalidInputException(file, "caseFingerprints", "missing or not an object");
    }
    Set<String> ran = new HashSet<>();
    report.rawResults().forEach(r -> ran.add(r.caseId()));
    Map<String, String> fingerprints = new LinkedHashMap<>();
    for (var entry : recorded.properties()) {
      if (!entry.getValue().isString()) {
        throw new InvalidInputException(
            file, "caseFingerprints." + entry.getKey(), "must be a string");
      }
      if (ran.contains(entry.getKey())) {
        fingerprints.put(entry.getKey(), entry.getValue().asString());
      }
    }
    return fingerprints;
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
