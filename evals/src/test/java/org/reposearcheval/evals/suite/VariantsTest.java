package org.reposearcheval.evals.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.util.InvalidInputException;

/** The --variants file: arms baseline first, or an error naming the file and the field. */
class VariantsTest {
  @TempDir Path dir;
  Path file;

  @BeforeEach
  void writeMcpConfigs() throws Exception {
    Files.createDirectories(dir.resolve("cases"));
    Files.writeString(
        dir.resolve("cases/mcp.json"), "{\"mcpServers\":{\"repo\":{\"command\":\"true\"}}}");
    Files.writeString(
        dir.resolve("cases/mcp-v2.json"), "{\"mcpServers\":{\"repo2\":{\"command\":\"true\"}}}");
    file = dir.resolve("variants.json");
  }

  private Variants load(String json) throws Exception {
    Files.writeString(file, json);
    return Variants.load(file);
  }

  @Test
  void eachVariantMayNameItsAgentAndHowToReachIt() throws Exception {
    Files.writeString(
        file,
        """
        {"baseline": "claude-without-mcp",
         "variants": [{"name": "claude-with-mcp", "mcpConfig": "cases/mcp.json"},
                      {"name": "claude-without-mcp"},
                      {"name": "codex-with-mcp", "agent": "codex", "mcpConfig": "cases/mcp.json",
                       "command": "/opt/codex/bin/codex",
                       "args": ["-c", "model_provider=gateway"],
                       "env": {"GATEWAY_KEY": "sk-gateway-123456", "GATEWAY_URL": "http://gw"}},
                      {"name": "codex-without-mcp", "agent": "codex"}]}
        """);
    AgentSpec defaultAgent =
        new AgentSpec("claude", Optional.of("/bin/claude"), List.of("--debug"), java.util.Map.of());

    Variants variants = Variants.load(file, defaultAgent);

    assertEquals(
        List.of("claude-without-mcp", "claude-with-mcp", "codex-with-mcp", "codex-without-mcp"),
        variants.armNames());
    // Variants that name no agent run the default one, with its command and arguments.
    assertEquals(defaultAgent, variants.arms().get(0).agent());
    assertEquals(defaultAgent, variants.arms().get(1).agent());
    AgentSpec codex = variants.arms().get(2).agent();
    assertEquals("codex", codex.agent());
    assertEquals(Optional.of("/opt/codex/bin/codex"), codex.command());
    assertEquals(List.of("-c", "model_provider=gateway"), codex.args());
    assertEquals("http://gw", codex.env().get("GATEWAY_URL"));
    // Another agent takes nothing of the default agent's: its usual binary, no extra arguments.
    assertEquals(AgentSpec.of("codex", Optional.empty()), variants.arms().get(3).agent());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\": \"v\", \"agent\": \"cursor\"} | variants[0].agent | unknown agent 'cursor'",
        "{\"name\": \"v\", \"agent\": \"codex\", \"args\": \"-c x\"} | variants[0].args | must be a"
            + " list",
        "{\"name\": \"v\", \"args\": [\"a\", 2]} | variants[0].args[1] | must be a string",
        "{\"name\": \"v\", \"env\": [\"A=1\"]} | variants[0].env | must be an object",
        "{\"name\": \"v\", \"env\": {\"A\": 1}} | variants[0].env.A | must be a string",
        "{\"name\": \"v\", \"env\": {\"A-B\": \"x\"}} | variants[0].env.A-B | not a valid"
            + " environment variable name",
        "{\"name\": \"v\", \"command\": \"\"} | variants[0].command | non-empty string"
      })
  void aBadAgentFieldIsNamed(String variant, String field, String why) throws Exception {
    Files.writeString(file, "{\"baseline\": \"without-mcp\", \"variants\": [" + variant + "]}");

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Variants.load(file));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(field), e.getMessage());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void readsTheIssueExampleWithPathsRelativeToTheFile() throws Exception {
    Variants variants =
        load(
            """
            {"baseline": "without-mcp",
             "variants": [{"name": "with-mcp", "mcpConfig": "cases/mcp.json"},
                          {"name": "mcp-v2", "mcpConfig": "cases/mcp-v2.json"},
                          {"name": "sonnet", "model": "claude-sonnet-4-5"}]}
            """);

    assertEquals("without-mcp", variants.baseline());
    assertEquals(List.of("without-mcp", "with-mcp", "mcp-v2", "sonnet"), variants.armNames());
    assertEquals(Arm.withoutMcp(), variants.arms().get(0));
    assertEquals(List.of("repo2"), variants.arms().get(2).mcpConfig().orElseThrow().serverNames());
    assertEquals(
        dir.resolve("cases/mcp-v2.json").toAbsolutePath().normalize(),
        variants.arms().get(2).mcpConfig().orElseThrow().file());
    assertEquals(Optional.of("claude-sonnet-4-5"), variants.arms().get(3).model());
    assertEquals(Optional.empty(), variants.arms().get(3).mcpConfig());
    assertEquals("without-mcp", Statistics.baselineOf(variants.armNames()));
  }

  @Test
  void aVariantCanBeTheBaselineAndThenComesFirst() throws Exception {
    Variants variants =
        load(
            """
            {"baseline": "with-mcp",
             "variants": [{"name": "mcp-v2", "mcpConfig": "cases/mcp-v2.json"},
                          {"name": "with-mcp", "mcpConfig": "cases/mcp.json"}]}
            """);

    assertEquals(List.of("with-mcp", "mcp-v2"), variants.armNames());
    assertEquals("with-mcp", Statistics.baselineOf(variants.armNames()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[] | : must be a JSON object",
        "{\"variants\": [{\"name\": \"a\"}]} | field 'baseline': missing",
        "{\"baseline\": \"without-mcp\"} | field 'variants': missing, not a list, or empty",
        "{\"baseline\": \"without-mcp\", \"variants\": []} | field 'variants': missing",
        "{\"baseline\": \"without-mcp\", \"variant\": []} | field 'variant': unknown field",
        "{\"baseline\": \"without-mcp\", \"variants\": [{\"name\": \"a\", \"mcp\": \"x\"}]}"
            + " | field 'variants[0].mcp': unknown field",
        "{\"baseline\": \"without-mcp\", \"variants\": [{\"model\": \"m\"}]}"
            + " | field 'variants[0].name': missing",
        "{\"baseline\": \"without-mcp\", \"variants\": [{\"name\": \"a b\"}]}"
            + " | field 'variants[0].name': arm name 'a b' may use only",
        "{\"baseline\": \"without-mcp\", \"variants\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}"
            + " | field 'variants[1].name': 'a' is named twice",
        "{\"baseline\": \"without-mcp\", \"variants\": [{\"name\": \"without-mcp\"}]}"
            + " | field 'variants[0].name': 'without-mcp' is the built-in baseline",
        "{\"baseline\": \"opus\", \"variants\": [{\"name\": \"a\"}]}"
            + " | field 'baseline': 'opus' is neither without-mcp nor a variant's name",
        "{\"baseline\": \"a\", \"variants\": [{\"name\": \"a\"}]}"
            + " | field 'variants': names no arm besides the baseline",
        "{\"baseline\": \"without-mcp\", \"variants\": [{\"name\": \"a\", \"model\": 4}]}"
            + " | field 'variants[0].model': must be a non-empty string",
        "{\"baseline\": \"without-mcp\", \"variants\": [{\"name\": \"a\", \"mcpConfig\":"
            + " \"nope.json\"}]} | field 'variants[0].mcpConfig': ",
        "{\"baseline\": \"without-mcp\", \"baseline\": \"a\"} | not valid JSON at line 1",
      })
  void badFilesAreRefusedNamingFileAndField(String json, String expected) throws Exception {
    Files.writeString(file, json);

    var e = assertThrows(InvalidInputException.class, () -> Variants.load(file));

    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected.strip()), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    var e =
        assertThrows(InvalidInputException.class, () -> Variants.load(dir.resolve("none.json")));
    assertTrue(e.getMessage().contains("none.json: variants file does not exist"), e.getMessage());
  }

  @Test
  void aVariantWithWorkspaceNoneGetsNoRepositoryAndNoMcpServer() throws IOException {
    Path file = dir.resolve("v.json");
    Files.writeString(
        file,
        "{\"baseline\": \"without-mcp\", \"variants\": [{\"name\": \"control\", \"workspace\":"
            + " \"none\"}, {\"name\": \"plain\", \"workspace\": \"repo\"}]}");

    Variants variants = Variants.load(file);

    assertTrue(variants.arms().get(1).withoutRepo());
    assertFalse(variants.arms().get(2).withoutRepo());
  }

  @Test
  void workspaceNoneWithAnMcpConfigIsNamed() throws IOException {
    Files.writeString(dir.resolve("mcp.json"), "{\"mcpServers\": {\"r\": {\"command\": \"x\"}}}");
    Path file = dir.resolve("v.json");
    Files.writeString(
        file,
        "{\"baseline\": \"without-mcp\", \"variants\": [{\"name\": \"c\", \"workspace\": \"none\","
            + " \"mcpConfig\": \"mcp.json\"}]}");

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Variants.load(file));

    assertTrue(
        e.getMessage().startsWith(file + ": field 'variants[0].workspace': "), e.getMessage());
  }
}
