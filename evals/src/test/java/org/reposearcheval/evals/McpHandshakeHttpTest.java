package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.ServerManifest;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * The handshake over HTTP: a scripted server in this JVM answers over streamable HTTP and over SSE,
 * and the manifest records what it said (name, version, tool, the hash of its schema with the keys
 * sorted), the {@code headers} sent with the environment's {@code ${VAR}} filled in; a URL that
 * refuses connections fails at once, naming the server and its URL.
 */
class McpHandshakeHttpTest {
  @TempDir Path dir;

  private McpConfig config(String server) throws Exception {
    return McpHandshakeTest.config(dir, "\"web\":" + server);
  }

  private List<ServerManifest> check(McpConfig config) throws Exception {
    return McpHandshakeTest.check(dir, config, Map.of("WEB_TOKEN", "tok-42"));
  }

  @ParameterizedTest
  @CsvSource({"http, /mcp, http", "sse, /sse, sse"})
  void aServerOverHttpIsRecordedAsItAnswered(String type, String path, String transport)
      throws Exception {
    try (ScriptedMcpHttp server = new ScriptedMcpHttp()) {
      McpConfig config =
          config(
              "{\"type\":\""
                  + type
                  + "\",\"url\":\""
                  + server.url(path)
                  + "\",\"headers\":{\"Authorization\":\"Bearer ${WEB_TOKEN}\"}}");

      List<ServerManifest> manifest = check(config);

      assertEquals(1, manifest.size());
      ServerManifest web = manifest.getFirst();
      assertEquals("web", web.server());
      assertEquals(transport, web.transport());
      assertEquals("scripted-http-server", web.name());
      assertEquals("2.0.1", web.version());
      assertEquals(List.of("mcp__web__search"), web.toolNames());
      // Hashed by hand: SHA-256 of the schema as compact JSON, its keys sorted (served unsorted).
      String sorted =
          "{\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"],"
              + "\"type\":\"object\"}";
      assertEquals(
          "sha256:"
              + HexFormat.of()
                  .formatHex(
                      MessageDigest.getInstance("SHA-256")
                          .digest(sorted.getBytes(StandardCharsets.UTF_8))),
          web.tools().getFirst().schemaHash());
      assertTrue(
          server.methods.containsAll(List.of("initialize", "tools/list")),
          server.methods.toString());
      assertTrue(server.authorization.contains("Bearer tok-42"), server.authorization.toString());
    }
  }

  @Test
  void aUrlThatRefusesConnectionsFailsAtOnceNamingTheServer() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/mcp";
    McpConfig config = config("{\"type\":\"http\",\"url\":\"" + url + "\"}");

    long start = System.nanoTime();
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> check(config));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertTrue(
        e.getMessage().startsWith("MCP server web (" + url + ") did not answer"), e.getMessage());
    assertTrue(e.getMessage().endsWith(": connection refused"), e.getMessage());
    assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "waited " + took);
  }
}
