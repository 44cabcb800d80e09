package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportFiles;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schemas catch what they are there to catch: a field nobody documented, one that went missing,
 * a value of the wrong kind, a version the schema does not know.
 */
class ReportSchemasTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden-run").toAbsolutePath();

  private static ObjectNode golden(String file) throws IOException {
    return (ObjectNode) Json.MAPPER.readTree(GOLDEN.resolve(file).toFile());
  }

  @Test
  void theGoldenRunDirectoryIsValid() {
    ReportSchemas.assertValid(GOLDEN);
  }

  @Test
  void theSchemaVersionInTheSchemaIsTheOneTheHarnessWrites() throws IOException {
    JsonNode schema =
        Json.MAPPER.readTree(ReportSchemas.DIR.resolve(ReportSchemas.REPORT).toFile());
    assertEquals(
        Report.SCHEMA_VERSION, schema.at("/properties/schemaVersion/const").asInt(), "report");
    JsonNode run = Json.MAPPER.readTree(ReportSchemas.DIR.resolve(ReportSchemas.RUN).toFile());
    assertEquals(RunManifest.SCHEMA_VERSION, run.at("/properties/schemaVersion/const").asInt());
  }

  @Test
  void anUndocumentedFieldAnywhereInTheReportIsRejected() throws IOException {
    for (String pointer :
        List.of(
            "",
            "/config",
            "/config/arms/0",
            "/rawResults/3",
            "/rawResults/0/usage",
            "/summary/byMode/with-mcp",
            "/summary/byCase/0/byMode/with-mcp",
            "/statistics/comparisons/0",
            "/statistics/comparisons/0/durationMs/difference",
            "/statistics/comparisons/0/findings/0",
            "/timing",
            "/adoption/byMode/with-mcp/runs")) {
      ObjectNode report = golden("report.json");
      ((ObjectNode) report.at(pointer)).put("newField", 1);

      List<String> complaints = ReportSchemas.complaints(ReportSchemas.REPORT, report);

      assertFalse(complaints.isEmpty(), pointer + ": a new field passed");
      assertTrue(complaints.toString().contains("newField"), complaints.toString());
    }
  }

  @Test
  void aMissingFieldAWrongTypeAndAnotherVersionAreRejected() throws IOException {
    ObjectNode missing = golden("report.json");
    ((ObjectNode) missing.at("/rawResults/0")).remove("attempts");
    ObjectNode wrongType = golden("report.json");
    ((ObjectNode) wrongType.at("/rawResults/0")).put("status", "crashed");
    ObjectNode version = golden("report.json");
    version.put("schemaVersion", 2);

    for (ObjectNode report : List.of(missing, wrongType, version)) {
      assertFalse(ReportSchemas.complaints(ReportSchemas.REPORT, report).isEmpty());
    }
  }

  @Test
  void runJsonAndJournalLinesAreClosedToo() throws IOException {
    ObjectNode run = golden("run.json");
    ((ObjectNode) run.get("settings")).put("newSetting", true);
    assertFalse(ReportSchemas.complaints(ReportSchemas.RUN, run).isEmpty());

    String line = Files.readAllLines(GOLDEN.resolve("results.jsonl")).getFirst();
    ObjectNode result = (ObjectNode) Json.MAPPER.readTree(line);
    assertEquals(List.of(), ReportSchemas.complaints(ReportSchemas.RESULTS, result));
    result.put("newField", "x");
    assertFalse(ReportSchemas.complaints(ReportSchemas.RESULTS, result).isEmpty());
  }

  @Test
  void aReportReadAndWrittenAgainByTheHarnessIsStillValid() throws IOException {
    Report report = ReportFiles.read(GOLDEN.resolve("report.json")).recomputed();
    JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(report));

    assertEquals(List.of(), ReportSchemas.complaints(ReportSchemas.REPORT, written));
  }
}
