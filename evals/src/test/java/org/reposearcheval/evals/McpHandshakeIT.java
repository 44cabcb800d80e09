package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.suite.ServerManifest;

/**
 * The harness's own handshake with the real server-filesystem (npm, installed by the build before
 * the integration tests): its name, version and tools, with the repository filled in.
 */
class McpHandshakeIT {
  @TempDir Path dir;

  @Test
  void theRealFilesystemServerSaysItsNameVersionAndToolsWithTheRepoFilledIn() throws Exception {
    List<ServerManifest> servers =
        McpHandshakeTest.check(
            dir,
            McpHandshakeTest.config(
                dir,
                "\"repo\":{\"command\":\"" + RealParts.MCP_SERVER + "\",\"args\":[\"${REPO}\"]}"),
            new HashMap<>(System.getenv()));

    assertEquals(1, servers.size());
    ServerManifest repo = servers.getFirst();
    assertEquals("repo", repo.server());
    assertEquals("stdio", repo.transport());
    assertEquals("secure-filesystem-server", repo.name());
    assertFalse(repo.version().isBlank());
    assertTrue(
        repo.toolNames()
            .containsAll(List.of("mcp__repo__read_text_file", "mcp__repo__search_files")),
        repo.toolNames().toString());
    repo.tools().forEach(t -> assertTrue(t.schemaHash().matches("sha256:[0-9a-f]{64}"), t.name()));
    // Different schemas hash differently: search_files takes a pattern, read_text_file does not.
    assertNotEquals(hash(repo, "search_files"), hash(repo, "read_text_file"));
    assertTrue(repo.startMs() > 0 && repo.startMs() < McpHandshake.TIMEOUT.toMillis());
  }

  private static String hash(ServerManifest server, String tool) {
    return server.tools().stream()
        .filter(t -> t.name().equals(tool))
        .findFirst()
        .orElseThrow()
        .schemaHash();
  }
}
