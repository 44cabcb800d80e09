package org.reposearcheval.evals.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas in docs/schema say what the loaders say: every case the loader rejects, the case
 * schema rejects (a file that is not strict JSON counts as rejected: editors flag it too), and
 * every shipped case passes both. Likewise for the variants file, on the rules a schema can
 * express.
 */
class SchemaTest {
  private static final Path SCHEMAS = Path.of("../docs/schema").toAbsolutePath().normalize();
  private static final Path SHIPPED = Path.of("../cases").toAbsolutePath().normalize();
  private static final Schema CASE = schema("case.schema.json");
  private static final Schema VARIANTS = schema("variants.schema.json");
  private static final Schema SUITE = schema("suite.schema.json");

  @TempDir Path dir;

  private static Schema schema(String name) {
    try {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(Files.readString(SCHEMAS.resolve(name)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The schema's complaints about {@code content}; one line when it is not strict JSON at all. */
  private static List<String> complaints(Schema schema, String content) {
    JsonNode node;
    try {
      node = Json.STRICT.readTree(content);
    } catch (JacksonException e) {
      return List.of("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      return List.of("empty");
    }
    return schema
        .validate(node, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)))
        .stream()
        .map(Error::toString)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.reposearcheval.evals.suite.CaseLoaderTest#badCases")
  void everyCaseTheLoaderRejectsTheSchemaRejects(String name, String content, String field)
      throws IOException {
    Path file = Files.writeString(dir.resolve("case.json"), content);
    assertThrows(InvalidInputException.class, () -> CaseLoader.parse(file));

    assertTrue(!complaints(CASE, content).isEmpty(), name + ": the schema accepts it");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.reposearcheval.evals.suite.CaseLoaderTest#badCasesTheSchemaCannotSee")
  void whatTheSchemaCannotSeeIsNamed(String name, String content, String field) throws IOException {
    Path file = Files.writeString(dir.resolve("case.json"), content);
    assertThrows(InvalidInputException.class, () -> CaseLoader.parse(file));

    assertEquals(List.of(), complaints(CASE, content), name + ": the schema sees it now; move it");
  }

  @Test
  void everyShippedCasePassesTheLoaderAndTheSchema() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(SHIPPED)) {
      files =
          listing
              .filter(p -> p.toString().endsWith(".json"))
              .filter(p -> !p.endsWith("mcp.json") && !p.endsWith("suite.json"))
              .sorted()
              .toList();
    }
    assertTrue(files.size() >= 10, "the shipped suite: " + files);
    for (Path file : files) {
      CaseLoader.parse(file);
      assertEquals(List.of(), complaints(CASE, Files.readString(file)), file.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.reposearcheval.evals.suite.CaseLoaderTest#badSuiteFiles")
  void everySuiteJsonTheLoaderRejectsTheSchemaRejects(String name, String content, String field)
      throws IOException {
    Files.writeString(
        dir.resolve("a.json"),
        "{\"id\": \"a\", \"prompt\": \"p\", \"expect\": {\"contains\": [\"x\"]}}");
    Files.writeString(dir.resolve("suite.json"), content);
    assertThrows(InvalidInputException.class, () -> CaseLoader.load(dir));

    assertTrue(!complaints(SUITE, content).isEmpty(), name + ": the schema accepts it");
  }

  @Test
  void theShippedSuiteJsonPassesTheLoaderAndTheSchema() throws IOException {
    Path file = SHIPPED.resolve("suite.json");
    assertTrue(SuiteFile.load(SHIPPED).pin().pinned(), "the shipped suite is pinned");
    assertEquals(List.of(), complaints(SUITE, Files.readString(file)));
  }

  @Test
  void aCaseUsingEveryFieldPassesBoth() throws IOException {
    String content =
        """
        {"$schema": "../docs/schema/case.schema.json", "id": "all-fields_1.0",
         "prompt": "Which class runs the jobs?", "tags": ["smoke"], "timeout": "1h30m",
         "repo": "..", "commit": "v1.0", "derived": ["RunAll"],
         "expect": {"contains": ["RunAll"], "regex": ["Run[A-Z]\\\\w+"], "notContains": ["no idea"],
                    "files": ["evals/src/main/java/RunAll.java"],
                    "tools": {"used": ["Grep", "/^mcp__repo__/"], "notUsed": ["Bash"],
                              "maxCalls": 20}}}
        """;
    CaseLoader.parse(Files.writeString(dir.resolve("all.json"), content));

    assertEquals(List.of(), complaints(CASE, content));
  }

  @Test
  void theVariantsSchemaAgreesWithTheVariantsFile() throws IOException {
    Files.writeString(
        dir.resolve("mcp.json"), "{\"mcpServers\": {\"repo\": {\"command\": \"x\"}}}");
    String good =
        """
        {"$schema": "../docs/schema/variants.schema.json", "baseline": "without-mcp",
         "variants": [{"name": "with-mcp", "mcpConfig": "mcp.json"},
                      {"name": "sonnet", "model": "claude-sonnet-4-5"},
                      {"name": "codex", "agent": "codex", "mcpConfig": "mcp.json",
                       "command": "/opt/codex", "args": ["-c", "model_reasoning_effort=low"],
                       "env": {"CODEX_API_KEY": "k"}}]}
        """;
    Variants.load(Files.writeString(dir.resolve("variants.json"), good));
    assertEquals(List.of(), complaints(VARIANTS, good));

    for (String bad :
        List.of(
            "{\"variants\": []}",
            "{\"baseline\": \"without-mcp\"}",
            "{\"variants\": [{\"mcpConfig\": \"mcp.json\"}]}",
            "{\"variants\": [{\"name\": \"without-mcp\", \"model\": \"m\"}]}",
            "{\"variants\": [{\"name\": \"a b\", \"model\": \"m\"}]}",
            "{\"variants\": [{\"name\": \"v\", \"model\": \"m\", \"modle\": \"x\"}]}",
            "{\"variants\": [{\"name\": \"v\", \"model\": \"\"}]}",
            "{\"variants\": [{\"name\": \"v\", \"agent\": \"cursor\"}]}",
            "{\"variants\": [{\"name\": \"v\", \"agent\": \"codex\", \"args\": \"-c x\"}]}",
            "{\"variants\": [{\"name\": \"v\", \"agent\": \"codex\", \"args\": [1]}]}",
            "{\"variants\": [{\"name\": \"v\", \"agent\": \"codex\", \"env\": {\"A\": 1}}]}",
            "{\"variants\": [{\"name\": \"v\", \"agent\": \"codex\", \"env\": {\"1A\": \"x\"}}]}",
            "{\"variants\": [{\"name\": \"v\", \"command\": \"\"}]}",
            "{\"variant\": [{\"name\": \"v\", \"model\": \"m\"}]}")) {
      Path file = Files.writeString(dir.resolve("bad.json"), bad);
      assertThrows(InvalidInputException.class, () -> Variants.load(file), bad);
      assertTrue(!complaints(VARIANTS, bad).isEmpty(), bad + ": the schema accepts it");
    }
  }
}
