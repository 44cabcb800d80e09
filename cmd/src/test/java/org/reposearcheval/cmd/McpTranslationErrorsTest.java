package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An MCP config that an arm's agent cannot take (Codex: a server named {@code my server!}, a server
 * of {@code "type": "sse"}) is one error naming the agent, the server and the field, exit 2, from
 * {@code validate}, {@code run --dry-run} and {@code run} alike; the same config for Claude Code,
 * which takes it, passes (the positive control).
 */
class McpTranslationErrorsTest {
  @TempDir Path dir;
  Path cases;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void writeSuite() throws IOException {
    cases = Files.createDirectories(dir.resolve("cases"));
    TestSuites.writeCase(cases, "alpha", "answer=It is in RunAll.java", "RunAll.java");
  }

  private int run(List<String> args) {
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args.toArray(String[]::new));
  }

  /** {@code cases/mcp.json} holding the server {@code name}: {@code definition}. */
  private Path mcp(String name, String definition) throws IOException {
    return Files.writeString(
        dir.resolve("mcp.json"), "{\"mcpServers\": {\"" + name + "\": " + definition + "}}");
  }

  /** A variants file: Claude Code without MCP, {@code agent} with {@code mcp.json}. */
  private Path variants(String agent) throws IOException {
    return Files.writeString(
        dir.resolve("variants.json"),
        """
        {"baseline": "plain",
         "variants": [{"name": "plain"},
                      {"name": "mcp-arm", "agent": "%s", "mcpConfig": "mcp.json"}]}
        """
            .formatted(agent));
  }

  private List<String> command(String command, String agent, String... extra) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--cases",
                cases.toString(),
                "--variants",
                variants(agent).toString(),
                "--repo",
                dir.toString()));
    if (!command.equals("validate")) {
      args.addAll(
          List.of(
              "--claude",
              MainTest.FAKE_CLAUDE.toString(),
              "--output",
              dir.resolve("out").toString()));
    }
    args.addAll(List.of(extra));
    return args;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "validate | my server! | {\"command\": \"true\"}          | ''",
        "dry-run  | my server! | {\"command\": \"true\"}          | ''",
        "run      | my server! | {\"command\": \"true\"}          | ''",
        "validate | remote     | {\"type\": \"sse\", \"url\": \"http://127.0.0.1:9/sse\"} | .type",
        "dry-run  | remote     | {\"type\": \"sse\", \"url\": \"http://127.0.0.1:9/sse\"} | .type",
        "run      | remote     | {\"type\": \"sse\", \"url\": \"http://127.0.0.1:9/sse\"} | .type"
      })
  void aConfigCodexCannotTakeIsOneErrorNamingAgentServerAndField(
      String how, String server, String definition, String field) throws IOException {
    Path config = mcp(server, definition);
    List<String> args =
        switch (how) {
          case "validate" -> command("validate", "codex");
          case "dry-run" -> command("run", "codex", "--dry-run");
          default -> command("run", "codex");
        };

    int code = run(args);

    assertEquals(ExitCodes.BAD_INPUT, code, out + "\n" + err);
    String error = err.toString();
    assertTrue(
        error.contains(
            "error: Codex CLI cannot take MCP server '"
                + server
                + "' of arm mcp-arm: "
                + config
                + ": field 'mcpServers."
                + server
                + field
                + "'"),
        error);
    assertEquals(1, error.lines().filter(l -> !l.isBlank()).count(), "one line, no stack trace");
    assertFalse(error.contains("Exception"), error);
    assertFalse(out.toString().contains("ok:"), out.toString());
    assertTrue(Files.notExists(dir.resolve("out/results.jsonl")), "nothing ran");

    // The same config for Claude Code, which takes it: no such error (its servers are not asked
    // for their tools: these stand-ins are no MCP servers).
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    List<String> claude =
        switch (how) {
          case "validate" -> command("validate", "claude", "--no-mcp-check");
          default -> command("run", "claude", "--dry-run");
        };
    assertEquals(ExitCodes.OK, run(claude), err.toString());
    assertFalse(err.toString().contains("cannot take"), err.toString());
  }
}
