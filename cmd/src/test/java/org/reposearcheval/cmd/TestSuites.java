package org.reposearcheval.cmd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Case files for the command tests, written as a user would. */
final class TestSuites {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private TestSuites() {}

  /** {@code <cases>/<id>.json}: the prompt, and an answer that must contain {@code contains}. */
  static Path writeCase(Path cases, String id, String prompt, String contains) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("prompt", prompt);
    json.put("expect", Map.of("contains", List.of(contains)));
    return Files.writeString(cases.resolve(id + ".json"), JSON.writeValueAsString(json));
  }

  /**
   * An executable bash script {@code file} standing in for Claude Code: {@code body}, run with
   * {@code $fake} naming the test agent it wraps.
   */
  static Path agent(Path file, String body) throws IOException {
    Files.writeString(
        file, "#!/usr/bin/env bash\nfake='" + MainTest.FAKE_CLAUDE + "'\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /** The test MCP server, which answers the harness's own handshake. */
  static final Path MCP_SERVER =
      Path.of("../evals/src/test/agent/fake-mcp-server").toAbsolutePath().normalize();

  /** {@code <cases>/mcp.json} with one server, {@code repo}, that the test agent reports. */
  static void writeMcpConfig(Path cases) throws IOException {
    Files.writeString(
        cases.resolve("mcp.json"),
        "{\"mcpServers\":{\"repo\":{\"command\":\"" + MCP_SERVER + "\"}}}");
  }
}
