package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the command line, an MCP server that exits at once stops {@code run} and {@code validate} with
 * exit 2 and its own stderr, before any agent starts; {@code validate --no-mcp-check} does not ask
 * it. The runs' transcripts count the agents started: the same run with a working server is the
 * control that they would be seen.
 */
class McpCheckCommandTest {
  @TempDir Path dir;
  Path cases;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  @BeforeEach
  void writeSuite() throws IOException {
    cases = Files.createDirectories(dir.resolve("cases"));
    TestSuites.writeCase(cases, "alpha", "answer=It is in RunAll.java", "RunAll.java");
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  private void server(String command) throws IOException {
    Files.writeString(
        cases.resolve("mcp.json"), "{\"mcpServers\":{\"repo\":{\"command\":\"" + command + "\"}}}");
  }

  private int runInto(String output) {
    return run(
        "run",
        "--cases",
        cases.toString(),
        "--claude",
        MainTest.FAKE_CLAUDE.toString(),
        "--repo",
        dir.toString(),
        "--output",
        dir.resolve(output).toString());
  }

  private long transcripts(String output) throws IOException {
    Path transcripts = dir.resolve(output).resolve("transcripts");
    if (!Files.isDirectory(transcripts)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(transcripts)) {
      return files.filter(p -> p.toString().endsWith(".jsonl")).count();
    }
  }

  @Test
  void aServerThatExitsAtOnceStopsRunAndValidateWithItsStderrAndNoAgentStarts() throws IOException {
    // Control: with a server that answers, both arms' agents run and leave their transcripts.
    server(TestSuites.MCP_SERVER.toString());
    assertEquals(ExitCodes.OK, runInto("good"), err.toString());
    assertEquals(2, transcripts("good"));

    Path broken = dir.resolve("broken-server");
    Files.writeString(
        broken, "#!/bin/sh\necho 'index missing: run the indexer first' >&2\nexit 3\n");
    assertTrue(broken.toFile().setExecutable(true));
    server(broken.toString());

    assertEquals(ExitCodes.BAD_INPUT, runInto("bad"));
    String error = err.toString();
    assertTrue(
        error.contains("arm with-mcp: MCP server repo (" + broken + ") exited before it answered"),
        error);
    assertTrue(error.contains("index missing: run the indexer first"), error);
    assertEquals(0, transcripts("bad"), "no agent started");
    assertFalse(Files.exists(dir.resolve("bad/run.json")));

    assertEquals(ExitCodes.BAD_INPUT, run("validate", "--cases", cases.toString()));
    assertTrue(err.toString().contains("index missing: run the indexer first"), err.toString());
    assertEquals(
        ExitCodes.OK,
        run("validate", "--cases", cases.toString(), "--no-mcp-check"),
        err.toString());
    assertTrue(out.toString().startsWith("ok: 1 cases"), out.toString());
  }

  @Test
  void validateNamesEachServerAsItAnswered() throws IOException {
    server(TestSuites.MCP_SERVER.toString());

    assertEquals(ExitCodes.OK, run("validate", "--cases", cases.toString()), err.toString());

    assertTrue(
        out.toString()
            .lines()
            .toList()
            .contains("MCP server repo (with-mcp): fake-mcp-server 1.0.0 over stdio, 1 tools"),
        out.toString());
  }

  @Test
  void aServerUrlThatRefusesConnectionsIsExit2NamingTheServerAndNoAgentStarts() throws IOException {
    int port;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/mcp";
    Files.writeString(
        cases.resolve("mcp.json"),
        "{\"mcpServers\":{\"search\":{\"type\":\"http\",\"url\":\"" + url + "\"}}}");

    assertEquals(ExitCodes.BAD_INPUT, run("validate", "--cases", cases.toString()));
    String expected = "arm with-mcp: MCP server search (" + url + ") did not answer: ";
    assertTrue(err.toString().contains(expected), err.toString());
    assertTrue(err.toString().contains("connection refused"), err.toString());

    assertEquals(ExitCodes.BAD_INPUT, runInto("refused"));
    assertTrue(err.toString().contains(expected), err.toString());
    assertEquals(0, transcripts("refused"), "no agent started");
  }
}
