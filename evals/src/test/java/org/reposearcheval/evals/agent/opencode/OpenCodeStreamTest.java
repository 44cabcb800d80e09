package org.reposearcheval.evals.agent.opencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.agent.StreamAssertions.assertOneMcpCallFirstThenSuccess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.agent.AgentCli.StreamContext;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.util.Json;

/** The reader on streams that OpenCode 1.18.33 printed against a scripted Messages API. */
class OpenCodeStreamTest {
  private static final Path RECORDED = Path.of("src/test/resources/agents/opencode");

  @TempDir Path dir;

  @Test
  void aWithMcpRunCallsTheServersToolAndAnswersWithWhatItRead() throws IOException {
    StreamContext context =
        new StreamContext(
            List.of("fs", "broken"), Files.readString(RECORDED.resolve("with-mcp.stderr")));
    AgentStream stream = OpenCodeStream.read(RECORDED.resolve("with-mcp.jsonl"), context);

    assertEquals(
        List.of(new McpServer("fs", "connected"), new McpServer("broken", "failed")),
        stream.mcpServers());
    AgentStream.Result result = assertOneMcpCallFirstThenSuccess(stream, "mcp__fs__read_text_file");
    assertEquals(2, result.numTurns());
    assertTrue(result.answer().contains("WidgetFactory"), result.answer());
    // Two model calls of 120 input, 20 output, 30 cache reads and 10 cache writes each.
    assertEquals(new Usage(240, 40, 60, 20), result.usage());
    assertEquals(2 * 0.0007065, result.costUsd(), 1e-9);
    assertFalse(result.costEstimated(), "OpenCode's own cost");
    assertEquals(0, stream.unreadableLines());
  }

  @Test
  void aBaselineRunUsesBuiltInToolsAndShowsNoServer() throws IOException {
    AgentStream stream = OpenCodeStream.read(RECORDED.resolve("baseline.jsonl"), context(""));

    assertEquals(List.of(), stream.mcpServers());
    assertEquals(Map.of("read", 1), stream.toolCalls().byName());
    assertEquals(0, stream.toolCalls().mcp());
    assertFalse(stream.mcpUse().used());
    assertEquals("success", stream.result().subtype());
  }

  @Test
  void aServerThatLeakedIntoABaselineIsRecognizedByItsToolName() throws IOException {
    AgentStream stream = OpenCodeStream.read(RECORDED.resolve("leaked-server.jsonl"), context(""));

    assertEquals(Map.of("mcp__userfs__read_text_file", 1), stream.toolCalls().byName());
    assertEquals(1, stream.toolCalls().mcp());
  }

  @Test
  void aToolTheModelMadeUpProvesNoServer() throws IOException {
    Path made = RECORDED.resolve("made-up-tool.jsonl");
    AgentStream baseline = OpenCodeStream.read(made, context(""));
    assertEquals(Map.of("fs_write_file", 1), baseline.toolCalls().byName());
    assertEquals(0, baseline.toolCalls().mcp());

    // With the server configured the call is its, but does not prove it up when stderr is lost.
    String lostStderr = "x".repeat(5000);
    AgentStream withMcp = OpenCodeStream.read(made, new StreamContext(List.of("fs"), lostStderr));
    assertEquals(Map.of("mcp__fs__write_file", 1), withMcp.toolCalls().byName());
    assertEquals(List.of(new McpServer("fs", "unknown")), withMcp.mcpServers());
  }

  @Test
  void aCallThatRanProvesTheServerUpWhenStderrWasCut() throws IOException {
    StreamContext lost = new StreamContext(List.of("fs"), "x".repeat(5000));
    AgentStream stream = OpenCodeStream.read(RECORDED.resolve("with-mcp.jsonl"), lost);
    assertEquals(List.of(new McpServer("fs", "connected")), stream.mcpServers());
  }

  @Test
  void aRateLimitedRunFailsWithItsApiStatus() throws IOException {
    AgentStream stream = OpenCodeStream.read(RECORDED.resolve("rate-limited.jsonl"), context(""));

    AgentStream.Result result = stream.result();
    assertTrue(result.failed());
    assertTrue(result.isError());
    assertEquals("error", result.subtype());
    assertEquals(429, result.apiErrorStatus());
    assertEquals("APIError: Rate limited", result.answer());
    assertEquals(0, result.numTurns(), "no model call succeeded");
  }

  @Test
  void theStatusIsReadFromTheMessageWhenOpenCodeGivesNoCode() {
    assertEquals(
        503,
        OpenCodeStream.apiStatus(
            Json.MAPPER.readTree(
                "{\"name\":\"UnknownError\",\"data\":{\"message\":\"request failed, status"
                    + " code: 503\"}}")));
    assertEquals(
        429,
        OpenCodeStream.apiStatus(
            Json.MAPPER.readTree("{\"name\":\"X\",\"message\":\"429 Too Many Requests\"}")));
    assertNull(
        OpenCodeStream.apiStatus(
            Json.MAPPER.readTree(
                "{\"name\":\"UnknownError\",\"data\":{\"message\":\"Model not found: x/404\"}}")));
  }

  @Test
  void outputCountsReasoningAndTheAnswerIsTheLastStepsText() throws IOException {
    String transcript =
        """
        {"type":"step_start","part":{}}
        {"type":"text","part":{"text":"Let me look."}}
        {"type":"tool_use","part":{"tool":"grep","state":{"status":"completed"}}}
        {"type":"step_finish","part":{"reason":"tool-calls","tokens":{"input":10,"output":5,\
        "reasoning":7,"cache":{"read":100,"write":0}},"cost":0.5}}
        not json
        {"type":"step_start","part":{}}
        {"type":"reasoning","part":{"text":"thinking"}}
        {"type":"text","part":{"text":"It is"}}
        {"type":"text","part":{"text":"WidgetFactory."}}
        {"type":"step_finish","part":{"reason":"stop","tokens":{"input":20,"output":3,\
        "reasoning":0,"cache":{"read":0,"write":50}},"cost":0.25}}
        """;
    AgentStream stream = readWritten(transcript, context(""));

    assertEquals(new Usage(30, 15, 100, 50), stream.result().usage());
    assertEquals(0.75, stream.result().costUsd(), 1e-9);
    assertEquals("It is\nWidgetFactory.", stream.result().answer());
    assertEquals(1, stream.unreadableLines());
  }

  @Test
  void aRunThatStoppedAfterAToolCallDidNotEndWell() throws IOException {
    String transcript =
        """
        {"type":"step_start","part":{}}
        {"type":"tool_use","part":{"tool":"bash","state":{"status":"error",\
        "error":"The user rejected permission to use this specific tool call."}}}
        {"type":"step_finish","part":{"reason":"tool-calls","tokens":{"input":1,"output":1}}}
        """;
    AgentStream.Result result = readWritten(transcript, context("")).result();

    assertTrue(result.failed());
    assertNull(result.costUsd(), "no cost reported, none made up");
  }

  @Test
  void aRunThatPrintedNoEventHasNoResult() throws IOException {
    String transcript = "";
    assertFalse(readWritten(transcript, context("")).hasResult());
  }

  private static StreamContext context(String stderr) {
    return new StreamContext(List.of(), stderr);
  }

  /** Reads {@code lines}, a transcript the test writes out, as the adapter reads its CLI's. */
  private AgentStream readWritten(String lines, StreamContext context) throws IOException {
    return OpenCodeStream.read(Files.writeString(dir.resolve("t.jsonl"), lines), context);
  }
}
