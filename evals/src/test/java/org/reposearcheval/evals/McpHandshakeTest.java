package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.ServerManifest;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * The harness asks each MCP server itself (MCP Java SDK): the test server answers with its name and
 * tools ({@link McpHandshakeIT} asks the real server-filesystem); one that exits at once fails at
 * once with its stderr, long before the SDK's request timeout; and nothing a server started
 * outlives the handshake.
 */
class McpHandshakeTest {
  @TempDir Path dir;

  /** {@code <dir>/mcp.json} holding {@code servers} (the members of its mcpServers), loaded. */
  static McpConfig config(Path dir, String servers) throws Exception {
    Path file = dir.resolve("mcp.json");
    Files.writeString(file, "{\"mcpServers\":{" + servers + "}}");
    return McpConfig.load(file);
  }

  /** The handshake of a run of case {@code c1} on the repository {@code dir}. */
  static List<ServerManifest> check(Path dir, McpConfig config, Map<String, String> env)
      throws Exception {
    return McpHandshake.check(config, Map.of("REPO", dir.toString(), "CASE_ID", "c1"), env, dir);
  }

  private McpConfig config(String servers) throws Exception {
    return config(dir, servers);
  }

  private List<ServerManifest> check(McpConfig config, Map<String, String> env) throws Exception {
    return check(dir, config, env);
  }

  private List<ServerManifest> check(McpConfig config) throws Exception {
    return check(config, new HashMap<>(System.getenv()));
  }

  @Test
  void theTestServerAnswersTheSameSchemaHashesTheSameAndWhatItStartedIsStoppedAfter()
      throws Exception {
    Path child = dir.resolve("child");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("FAKE_MCP_CHILD", child.toString());
    McpConfig config = config("\"fake\":{\"command\":\"" + FakeAgent.MCP_SERVER + "\"}");

    ServerManifest first = check(config, env).getFirst();

    assertEquals("fake-mcp-server", first.name());
    assertEquals("1.0.0", first.version());
    assertEquals(List.of("mcp__fake__search"), first.toolNames());
    // Positive control: the server's helper, in a session of its own, was alive as it listed its
    // tools ...
    String[] seen = Files.readString(child).strip().split(" ");
    assertEquals("alive", seen[1]);
    long pid = Long.parseLong(seen[0]);
    // ... and is gone once the handshake is over (stopped by its run marker, not as a child): the
    // SIGKILL sent last takes effect within moments, which a loaded machine can stretch.
    org.awaitility.Awaitility.await("helper " + pid + " gone")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

    ServerManifest second = check(config).getFirst();
    assertEquals(first.tools(), second.tools());
  }

  @Test
  void aServerThatExitsAtOnceFailsAtOnceWithItsOwnStderr() throws Exception {
    Path script = dir.resolve("broken-server");
    Files.writeString(
        script, "#!/bin/sh\necho \"cannot open index at $1: not built\" >&2\nexit 3\n");
    assertTrue(script.toFile().setExecutable(true));
    McpConfig config =
        config(
            "\"fine\":{\"command\":\""
                + FakeAgent.MCP_SERVER
                + "\"},\"index\":{\"command\":\""
                + script
                + "\",\"args\":[\"${REPO}/.index\"]}");

    long start = System.nanoTime();
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> check(config));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertTrue(
        e.getMessage().startsWith("MCP server index (" + script + ") exited"), e.getMessage());
    assertTrue(
        e.getMessage().contains("its stderr:\ncannot open index at " + dir + "/.index: not built"),
        e.getMessage());
    assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "waited " + took);
  }

  @Test
  void aServerThatCannotStartSaysSo() throws Exception {
    McpConfig config = config("\"gone\":{\"command\":\"/nonexistent/mcp-server\"}");

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> check(config));

    assertTrue(
        e.getMessage().contains("/nonexistent/mcp-server: No such file or directory"),
        e.getMessage());
  }

  @Test
  void aServerWithAPrepareStepIsNotAskedItsCheckoutIsNotMadeYet() throws Exception {
    McpConfig config =
        config(
            "\"index\":{\"command\":\"/nonexistent/mcp-server\",\"prepare\":{\"command\":\"true\"}}");

    assertEquals(List.of(), check(config));
  }

  @Test
  void secretsInTheServersStderrAreMasked() throws Exception {
    Path script = dir.resolve("leaky-server");
    Files.writeString(script, "#!/bin/sh\necho \"bad token $INDEX_API_KEY\" >&2\nexit 1\n");
    assertTrue(script.toFile().setExecutable(true));
    McpConfig config =
        config(
            "\"leaky\":{\"command\":\""
                + script
                + "\",\"env\":{\"INDEX_API_KEY\":\"s3cr3t-value-123\"}}");

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> check(config));

    assertTrue(e.getMessage().contains("bad token ***"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t-value-123"), e.getMessage());
  }
}
