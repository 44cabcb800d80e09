package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * The published schemas of what a run directory holds,
 * docs/schema/{report,run,results}.schema.json, held against what the harness writes: every test
 * that writes a run directory calls {@link #assertValid(Path)} on it. The schemas close every
 * object, so a field added to report.json, run.json or results.jsonl fails here until it is in the
 * schema (and then, by DocTablesTest, in the docs).
 */
public final class ReportSchemas {
  /** docs/schema, from either module's directory, where Maven runs the tests. */
  public static final Path DIR = Path.of("../docs/schema").toAbsolutePath().normalize();

  /** The {@code $id} prefix the schemas share; mapped to {@link #DIR}, never fetched. */
  static final String BASE = "https://github.com/reposearcheval/repo-search-eval/docs/schema/";

  public static final String REPORT = "report.schema.json";
  public static final String RUN = "run.schema.json";
  public static final String RESULTS = "results.schema.json";

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder.schemas(
                  id ->
                      id.startsWith(BASE) ? read(DIR.resolve(id.substring(BASE.length()))) : null));

  private ReportSchemas() {}

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema {@code name} in docs/schema, its references to the others resolved there. */
  public static Schema schema(String name) {
    return REGISTRY.getSchema(SchemaLocation.of(BASE + name));
  }

  /** What {@code schema} finds wrong with {@code json}; empty when it is valid. */
  public static List<String> complaints(String schema, JsonNode json) {
    return schema(schema)
        .validate(json, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)))
        .stream()
        .map(Error::toString)
        .toList();
  }

  /** {@code result} as the journal writes it is a valid line of results.jsonl. */
  public static void assertValid(RunResult result) {
    JsonNode line = Json.MAPPER.readTree(Json.COMPACT.writeValueAsString(result));
    assertEquals(List.of(), complaints(RESULTS, line), result.caseId() + " " + result.arm());
  }

  /**
   * The run directory's report.json is valid against report.schema.json, and its run.json and every
   * line of its results.jsonl, when it has them, against theirs.
   */
  public static void assertValid(Path runDir) {
    try {
      Path report = runDir.resolve(ReportWriter.JSON);
      assertTrue(Files.isRegularFile(report), report + " was not written");
      assertEquals(
          List.of(), complaints(REPORT, Json.MAPPER.readTree(report.toFile())), report + "");
      Path run = runDir.resolve(RunManifest.FILE);
      if (Files.exists(run)) {
        assertEquals(List.of(), complaints(RUN, Json.MAPPER.readTree(run.toFile())), run + "");
      }
      Path journal = runDir.resolve(Journal.FILE);
      if (Files.exists(journal)) {
        List<String> complaints = new ArrayList<>();
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          for (String complaint : complaints(RESULTS, Json.MAPPER.readTree(lines.get(i)))) {
            complaints.add("line " + (i + 1) + ": " + complaint);
          }
        }
        assertEquals(List.of(), complaints, journal + "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
