package org.reposearcheval.evals.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reposearcheval.evals.util.InvalidInputException;

/** The with-MCP arm's config file: its server names, or an error naming the file and field. */
class McpConfigTest {
  @TempDir Path dir;

  @Test
  void validConfigNamesItsServersInFileOrder() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("mcp.json"),
            """
            {
              "mcpServers": {
                "repo": {"command": "npx", "args": ["-y", "repo-search"]},
                "docs": {"type": "http", "url": "http://localhost:9000/mcp"}
              }
            }
            """);

    McpConfig config = McpConfig.load(file);

    assertEquals(List.of("repo", "docs"), config.serverNames());
    assertEquals(file.toAbsolutePath().normalize(), config.file());
  }

  @Test
  void aPrepareStepIsReadFilledInForItsCheckoutAndLeftOutOfTheAgentsCopy() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("mcp.json"),
            """
            {"mcpServers": {
              "index": {"command": "idx", "args": ["serve", "${REPO}"], "env": {"N": "${REPO}/n"},
                        "prepare": {"command": "idx", "args": ["analyze", "${REPO}"]}},
              "plain": {"command": "grep-server"}
            }}
            """);
    McpConfig config = McpConfig.load(file);

    assertTrue(config.hasPrepare());
    assertEquals(
        List.of(
            new McpConfig.PrepareStep(
                "index", List.of("idx", "analyze", "/c/tree-1"), Map.of("N", "/c/tree-1/n"))),
        config.prepareSteps(Path.of("/c/tree-1")));
    Path copy = dir.resolve("run.json");
    McpConfig filled = config.filledIn(Map.of("REPO", "/c/tree-1", "CASE_ID", "x"), copy);
    String handed = Files.readString(copy);
    assertFalse(handed.contains("prepare") || handed.contains("analyze"), handed);
    assertTrue(handed.contains("/c/tree-1"), handed);
    assertTrue(filled.hasPrepare(), "the harness still knows it");
  }

  @Test
  void aPrepareStepChangesTheFingerprintAndNoOtherConfigsFingerprintChanges() throws Exception {
    Path plain =
        Files.writeString(
            dir.resolve("plain.json"), "{\"mcpServers\": {\"repo\": {\"command\": \"npx\"}}}");
    Path preparing =
        Files.writeString(
            dir.resolve("preparing.json"),
            "{\"mcpServers\": {\"repo\": {\"command\": \"npx\", \"prepare\": {\"command\":"
                + " \"x\"}}}}");

    // As before prepare steps existed: compare must still see the same config as the same.
    String before =
        "[[\"repo\"],[{\"name\":\"repo\",\"command\":\"npx\",\"args\":[],\"env\":{},"
            + "\"url\":\"\",\"type\":\"\",\"headers\":{}}]]";
    assertEquals(
        Fingerprint.of(before.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex(),
        McpConfig.load(plain).fingerprint());
    assertFalse(McpConfig.load(plain).hasPrepare());
    assertNotEquals(McpConfig.load(plain).fingerprint(), McpConfig.load(preparing).fingerprint());
  }

  @ParameterizedTest
  @MethodSource("badPrepareSteps")
  void aBadPrepareStepNamesItsField(String prepare, String field, String problem) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("mcp.json"),
            "{\"mcpServers\": {\"idx\": {\"command\": \"idx\", \"prepare\": " + prepare + "}}}");

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> McpConfig.load(file));

    assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  static Stream<Arguments> badPrepareSteps() {
    return Stream.of(
        Arguments.of("\"idx analyze .\"", "mcpServers.idx.prepare", "must be an object"),
        Arguments.of("{\"args\": [\".\"]}", "mcpServers.idx.prepare.command", "missing"),
        Arguments.of(
            "{\"command\": \"idx\", \"cwd\": \".\"}", "mcpServers.idx.prepare.cwd", "unknown key"),
        Arguments.of(
            "{\"command\": \"idx\", \"args\": [\"${CASE_ID}\"]}",
            "mcpServers.idx.prepare",
            "once per checkout"));
  }

  @Test
  void theFingerprintFollowsTheServersNotTheFileOrItsLayout() throws Exception {
    String servers =
        "{\"mcpServers\": {\"repo\": {\"command\": \"npx\", \"args\": [\"-y\", \"%s\"]}}}";
    Path here = Files.writeString(dir.resolve("mcp.json"), servers.formatted("repo-search@1.2"));
    Path elsewhere =
        Files.writeString(
            Files.createDirectories(dir.resolve("other")).resolve("servers.json"),
            servers.formatted("repo-search@1.2").replace(", ", ",\n    "));
    Path upgraded = Files.writeString(dir.resolve("v2.json"), servers.formatted("repo-search@1.3"));

    String fingerprint = McpConfig.load(here).fingerprint();

    assertTrue(fingerprint.matches("[0-9a-f]{64}"), fingerprint);
    assertEquals(fingerprint, McpConfig.load(elsewhere).fingerprint());
    assertNotEquals(fingerprint, McpConfig.load(upgraded).fingerprint());
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("absent.json");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> McpConfig.load(missing));

    assertTrue(e.getMessage().startsWith(missing + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of("not JSON", "{\"mcpServers\": {", null),
        Arguments.of(
            "no mcpServers", "{\"servers\": {\"repo\": {\"command\": \"x\"}}}", "mcpServers"),
        Arguments.of("top level is an array", "[]", "mcpServers"),
        Arguments.of("mcpServers is an array", "{\"mcpServers\": [\"repo\"]}", "mcpServers"),
        Arguments.of("empty mcpServers", "{\"mcpServers\": {}}", "mcpServers"),
        Arguments.of(
            "server without command or url",
            "{\"mcpServers\": {\"ok\": {\"url\": \"http://x\"}, \"repo\": {\"args\": [\"x\"]}}}",
            "mcpServers.repo"),
        Arguments.of(
            "server is a string", "{\"mcpServers\": {\"repo\": \"npx\"}}", "mcpServers.repo"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void badConfigNamesTheFileAndTheField(String name, String content, String field)
      throws Exception {
    Path file = Files.writeString(dir.resolve("mcp.json"), content);

    BadInputs.assertNamesFileAndField(file, field, () -> McpConfig.load(file));
  }

  @Test
  void repoAndCaseIdAreFilledInPerRunAndEverythingElseIsKept() throws Exception {
    Path file = dir.resolve("mcp.json");
    Files.writeString(
        file,
        """
        {"mcpServers": {"fs": {"command": "mcp-server-filesystem", "args": ["${REPO}", "--x"],
                               "env": {"ROOT": "${REPO}/src", "TOKEN": "${MY_TOKEN}"}},
                        "web": {"type": "http", "url": "http://127.0.0.1:9/${CASE_ID}",
                                "headers": {"X-Case": "${CASE_ID}"}}},
         "other": 1}
        """);
    McpConfig config = McpConfig.load(file);
    assertTrue(config.hasPlaceholders());
    Path target = dir.resolve("run-mcp.json");

    McpConfig filled = config.filledIn(Map.of("REPO", "/tmp/tree-1", "CASE_ID", "c1"), target);

    assertEquals(target.toAbsolutePath().normalize(), filled.file());
    assertEquals(List.of("/tmp/tree-1", "--x"), filled.servers().get(0).args());
    assertEquals(
        Map.of("ROOT", "/tmp/tree-1/src", "TOKEN", "${MY_TOKEN}"), filled.servers().get(0).env());
    assertEquals("http://127.0.0.1:9/c1", filled.servers().get(1).url());
    McpConfig reread = McpConfig.load(target);
    assertEquals(filled.servers(), reread.servers());
    assertTrue(Files.readString(target).contains("\"other\""), "the rest of the file is kept");
    assertFalse(reread.hasPlaceholders());
  }

  /**
   * The one fill, for the agent's file and the harness's handshake alike: a placeholder from the
   * run's values (never from the environment, even when it has a variable of that name), any other
   * variable from the environment, an unset one as written; no placeholder in the command.
   */
  @Test
  void fillTakesPlaceholdersFromTheRunAndOtherVariablesFromTheEnvironment() {
    Map<String, String> values = Map.of("REPO", "/t/tree", "CASE_ID", "c7");
    Map<String, String> env = Map.of("REPO", "/from/env", "TOKEN", "t$1\\x", "BIN", "/opt/bin");

    assertEquals(
        "/t/tree:c7:t$1\\x:${UNSET}",
        McpConfig.fill("${REPO}:${CASE_ID}:${TOKEN}:${UNSET}", values, env));
    assertEquals("/t/tree ${TOKEN}", McpConfig.fill("${REPO} ${TOKEN}", values, Map.of()));
    assertEquals("/from/env", McpConfig.fill("${REPO}", Map.of(), env));

    McpConfig.Server server =
        new McpConfig.Server(
            "s",
            "${BIN}/${REPO}",
            List.of("${REPO}"),
            Map.of("K", "${TOKEN}"),
            "http://h/${CASE_ID}",
            "http",
            Map.of("H", "${CASE_ID}-${BIN}"));
    McpConfig.Server filled = server.filled(values, env);
    assertEquals("/opt/bin//from/env", filled.command(), "the command is no placeholder's place");
    assertEquals(List.of("/t/tree"), filled.args());
    assertEquals(Map.of("K", "t$1\\x"), filled.env());
    assertEquals("http://h/c7", filled.url());
    assertEquals(Map.of("H", "c7-/opt/bin"), filled.headers());
  }
}
