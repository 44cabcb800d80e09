package org.reposearcheval.evals.agent.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.agent.StreamAssertions.assertRateLimited;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.run.Usage;

/**
 * The reader on streams the pinned codex 0.169.0 printed against the scripted Responses API ({@code
 * ScriptedResponsesApi}), which reports a quarter of each request's input as cached and a quarter
 * of the output as reasoning.
 */
class CodexStreamTest {
  @TempDir Path dir;

  private static Path recorded(String name) throws URISyntaxException {
    return Path.of(CodexStreamTest.class.getResource("/agents/codex/" + name).toURI());
  }

  private static AgentStream read(String name, List<String> servers, String model)
      throws Exception {
    return CodexStream.read(recorded(name), new AgentCli.StreamContext(servers, "", model));
  }

  @Test
  void mcpCallIsNamedAfterServerAndToolAndItsResultReachedTheAnswer() throws Exception {
    AgentStream stream = read("mcp-call.jsonl", List.of("fs"), "gpt-5");

    assertEquals(List.of(new McpServer("fs", "connected")), stream.mcpServers());
    assertEquals(new ToolCalls(1, 1, Map.of("mcp__fs__list_directory", 1)), stream.toolCalls());
    AgentStream.Result result = stream.result();
    assertEquals("success", result.subtype());
    assertTrue(result.answer().contains("[DIR] src"), result.answer());
    assertEquals(2, result.numTurns(), "one call asked for the tool, one answered");
    // turn.completed: input 24729 of which 6182 cached, output 118 (reasoning included).
    assertEquals(new Usage(24729 - 6182, 118, 6182, 0), result.usage());
    assertTrue(result.costEstimated());
    assertEquals((18547 * 1.25 + 6182 * 0.125 + 118 * 10.0) / 1e6, result.costUsd(), 1e-12);
    assertEquals(new McpUse(List.of(), 0), stream.mcpUse());
    assertEquals(0, stream.unreadableLines());
  }

  @Test
  void builtInToolsKeepCodexsNameAndAnUnknownModelLeavesTheCostUnknown() throws Exception {
    AgentStream stream = read("command-execution.jsonl", List.of(), null);

    assertEquals(List.of(), stream.mcpServers());
    assertEquals(new ToolCalls(1, 0, Map.of("command_execution", 1)), stream.toolCalls());
    assertNull(stream.result().costUsd());
    assertNull(stream.mcpUse().turnsBeforeFirstCall());
    assertEquals(null, read("command-execution.jsonl", List.of(), "mock-model").result().costUsd());
  }

  @Test
  void aServerWhoseNameCodexRespellsIsStillItsOwnInTheToolName() throws Exception {
    AgentStream stream = read("dotted-server-name.jsonl", List.of("a.b"), null);

    assertEquals(List.of(new McpServer("a.b", "connected")), stream.mcpServers());
    assertEquals(Map.of("mcp__a_b__list_directory", 1), stream.toolCalls().byName());
  }

  @Test
  void rateLimitAndServerErrorsCarryTheirStatusSoTheHarnessRetries() throws Exception {
    AgentStream.Result limited = read("rate-limited.jsonl", List.of(), null).result();
    assertRateLimited(limited);
    assertEquals("exceeded retry limit, last status: 429 Too Many Requests", limited.answer());

    assertEquals(500, read("http-500.jsonl", List.of(), null).result().apiErrorStatus());
    assertEquals(
        502,
        CodexStream.status(
            "unexpected status 502 Bad Gateway: boom, url: http://127.0.0.1:1/v1/responses"));
    assertNull(CodexStream.status("{\"error\":{\"message\":\"bad request\"}}"));
  }

  @Test
  void aRequiredServerThatFailedIsReportedFailedAndEndsTheRun() throws Exception {
    String stderr = Files.readString(recorded("required-servers-failed.stderr"));
    Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");

    AgentStream stream =
        CodexStream.read(
            empty, new AgentCli.StreamContext(List.of("fs", "bad", "we ird"), stderr, null));

    // "we ird" is named with quotes: codex took them for part of the name it was given.
    assertEquals(
        List.of(new McpServer("bad", "failed"), new McpServer("we ird", "failed")),
        stream.mcpServers());
    assertTrue(stream.result().failed());
    // Codex's words are on its stderr, for the run's error: never its answer.
    assertNull(stream.result().answer());

    AgentStream unnamed =
        CodexStream.read(
            empty,
            new AgentCli.StreamContext(
                List.of("fs"), "x: " + CodexServers.FAILED + "zz: no", null));
    assertEquals(List.of(new McpServer("fs", "failed")), unnamed.mcpServers());
  }

  @Test
  void aRunStoppedBeforeItsTurnEndedHasNoResultAndNoServerStatus() throws Exception {
    String cut =
        """
        {"type":"thread.started","thread_id":"t"}
        not json
        {"type":"error","message":"Reconnecting... 1/5 (stream disconnected before completion)"}
        """;
    AgentStream stream = readWritten(cut, new AgentCli.StreamContext(List.of("fs"), "", null));

    assertNull(stream.result());
    assertEquals(List.of(), stream.mcpServers());
    assertEquals(1, stream.unreadableLines());
  }

  @Test
  void parallelCallsAreOneModelCallAndUsageAddsUpOverTurns() throws Exception {
    String parallel =
        """
        {"type":"turn.started"}
        {"type":"item.started","item":{"id":"1","type":"command_execution"}}
        {"type":"item.started","item":{"id":"2","type":"mcp_tool_call","server":"fs","tool":"read"}}
        {"type":"item.completed","item":{"id":"1","type":"command_execution"}}
        {"type":"item.completed","item":{"id":"2","type":"mcp_tool_call","server":"fs","tool":"read"}}
        {"type":"item.started","item":{"id":"3","type":"mcp_tool_call","server":"fs","tool":"read"}}
        {"type":"item.completed","item":{"id":"3","type":"mcp_tool_call","server":"fs","tool":"read"}}
        {"type":"item.completed","item":{"id":"4","type":"agent_message","text":"first"}}
        {"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":4,"output_tokens":3}}
        {"type":"turn.started"}
        {"type":"item.completed","item":{"id":"5","type":"agent_message","text":"second"}}
        {"type":"turn.completed","usage":{"input_tokens":20,"cached_input_tokens":6,"cache_write_input_tokens":2,"output_tokens":5}}
        """;
    AgentStream stream = readWritten(parallel, AgentCli.StreamContext.NONE);

    assertEquals(4, stream.result().numTurns(), "two batches and two answers");
    assertEquals(new Usage(20, 8, 10, 2), stream.result().usage());
    assertEquals("second", stream.result().answer());
    assertEquals(
        new ToolCalls(3, 2, Map.of("command_execution", 1, "mcp__fs__read", 2)),
        stream.toolCalls());
    assertEquals(0, stream.mcpUse().turnsBeforeFirstCall());
  }

  /** Reads {@code lines}, a transcript the test writes out, as the adapter reads its CLI's. */
  private AgentStream readWritten(String lines, AgentCli.StreamContext context) throws IOException {
    return CodexStream.read(Files.writeString(dir.resolve("t.jsonl"), lines), context);
  }
}
