package org.reposearcheval.evals.agent.auggie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.agent.StreamAssertions.assertOneMcpCallFirstThenSuccess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

/**
 * Reading what the real {@code auggie} 0.36.0 printed, wrapped as the adapter wraps it, against a
 * scripted Augment backend: recorded in {@code agents/auggie/} ({@code NAME.jsonl} its stdout,
 * {@code NAME.stderr.txt} its stderr). The backend called one tool, then answered with the tool's
 * result, charging $0.002 and $0.003 and counting 1,200 + 300 input tokens.
 */
class AuggieOutputTest {
  @TempDir Path dir;

  @Test
  void withMcpRunShowsTheConnectedServerItsCallUnderTheHarnessNameTurnsTokensAndCharges()
      throws IOException {
    AgentStream stream = read("with-mcp", List.of("fs"));

    assertEquals(List.of(new McpServer("fs", "connected")), stream.mcpServers());
    AgentStream.Result result = assertOneMcpCallFirstThenSuccess(stream, "mcp__fs__list_directory");
    assertEquals("ANSWER [DIR] .git\n[FILE] README.md", result.answer());
    assertEquals(2, result.numTurns());
    assertEquals(new Usage(1500, 75, 17200, 500), result.usage());
    assertEquals(0.005, result.costUsd(), 1e-9);
    assertFalse(result.costEstimated(), "the backend's own charge");
    assertEquals(0, stream.unreadableLines());
  }

  @Test
  void aServerThatFailedIsNamedOnStderrAndReadAsFailed() throws IOException {
    AgentStream stream = read("failed-server", List.of("fs", "broken"));

    assertEquals(
        List.of(new McpServer("fs", "connected"), new McpServer("broken", "failed")),
        stream.mcpServers());
  }

  @Test
  void baselineShowsNoServerAndItsBuiltInCallsUnderTheirOwnNames() throws IOException {
    AgentStream stream = read("baseline", List.of());

    assertEquals(List.of(), stream.mcpServers());
    assertEquals(Map.of("view", 1), stream.toolCalls().byName());
    assertEquals(0, stream.toolCalls().mcp());
    assertNull(stream.mcpUse().turnsBeforeFirstCall());
    assertTrue(stream.result().answer().startsWith("ANSWER Here's the result"));
  }

  @Test
  void aRegistryServerOfTheAccountShowsInTheBaselineAndItsCallsAreMcpCalls() throws IOException {
    AgentStream stream = read("baseline-registry", List.of());

    assertEquals(List.of(new McpServer("regfs", "connected")), stream.mcpServers());
    assertEquals(Map.of("mcp__regfs__list_directory", 1), stream.toolCalls().byName());
  }

  @Test
  void rateLimitedRunIsAnErrorWithStatus429FromStderr() throws IOException {
    AgentStream stream = read("rate-limited", List.of("fs"));

    AgentStream.Result result = stream.result();
    assertTrue(result.failed());
    assertEquals("error", result.subtype());
    assertEquals(429, result.apiErrorStatus());
    assertEquals(
        "Agent execution failed: Request failed after exceeding retry timeout of 0s: Rate limited",
        result.answer());
    assertEquals(List.of(new McpServer("fs", "connected")), stream.mcpServers());
  }

  @Test
  void callsMadeBeforeA429MidRunStillCount() throws IOException {
    AgentStream stream = read("rate-limited-mid-run", List.of());

    assertEquals(429, stream.result().apiErrorStatus());
    assertEquals(Map.of("view", 1), stream.toolCalls().byName());
    assertEquals(1, stream.result().numTurns());
    assertEquals(0.002, stream.result().costUsd(), 1e-9);
  }

  @Test
  void serverErrorIsAnErrorWithTheHttpStatusItNames() throws IOException {
    AgentStream.Result result = read("server-error", List.of()).result();

    assertEquals(500, result.apiErrorStatus());
    assertTrue(result.isError());
  }

  @Test
  void noResultAndNoFailureOnStderrIsNoResult() throws IOException {
    String transcript = "";

    AgentStream stream = readWritten(transcript, new StreamContext(List.of(), "Killed\n"));

    assertFalse(stream.hasResult());
  }

  @Test
  void announcedServersThatNoLineNamesStillCount() throws IOException {
    String transcript =
        "\uD83D\uDD0C Waiting for 2 MCP server(s) to initialize...\n"
            + "   \u2705 fs\n"
            + "{\"type\":\"result\",\"result\":\"ok\",\"is_error\":false,\"subtype\":\"success\"}\n";

    AgentStream stream = readWritten(transcript, new StreamContext(List.of("fs"), ""));

    assertEquals(
        List.of(new McpServer("fs", "connected"), new McpServer("unnamed-2", "unknown")),
        stream.mcpServers());
    assertNull(stream.result().numTurns(), "no session: turns unknown");
    assertNull(stream.result().costUsd(), "no session, no billing: cost unknown");
  }

  @Test
  void theSessionTheResultNamesIsReadAndStrayLinesAreCounted() throws IOException {
    String transcript =
        """
        some warning
        {"type":"result","result":"ok","is_error":false,"subtype":"success","session_id":"b"}
        {"type":"auggie_session","session":{"sessionId":"a","chatHistory":[{"exchange":\
        {"response_nodes":[{"type":5,"tool_use":{"tool_name":"view"}}]}}]}}
        {"type":"auggie_session","session":{"sessionId":"b","chatHistory":[{"exchange":\
        {"response_nodes":[{"type":5,"tool_use":{"tool_name":"read_text_file_my_repo"}}]}},\
        {"exchange":{"response_nodes":[]}},{"exchange":{"response_nodes":[\
        {"type":0,"content":"ok"},\
        {"type":10,"token_usage":{"input_tokens":1000000,"output_tokens":0}}]}}],\
        "agentState":{"modelId":"claude-sonnet-4-5"}}}
        """;

    AgentStream stream = readWritten(transcript, new StreamContext(List.of("my.repo"), ""));

    assertEquals(Map.of("mcp__my_repo__read_text_file", 1), stream.toolCalls().byName());
    assertEquals(2, stream.result().numTurns(), "the unanswered exchange is no model call");
    assertEquals(3.0, stream.result().costUsd(), 1e-9);
    assertTrue(stream.result().costEstimated(), "no charge reported: the list price");
    assertEquals(1, stream.unreadableLines());
  }

  @Test
  void theClisOwnBillingInDollarsWinsOverTheSessionsCharges() throws IOException {
    String transcript =
        """
        {"type":"result","result":"ok","is_error":false,"subtype":"success","session_id":"a",\
        "billing":{"usage_unit":"usd","total_cost":0.25,"parent_cost":0.2,"sub_agent_cost":0.05}}
        {"type":"auggie_session","session":{"sessionId":"a","chatHistory":[{"exchange":\
        {"response_nodes":[{"type":9,"billing_metadata":{"cost_usd":0.2,"usage_unit":2}}]}}]}}
        """;

    AgentStream.Result result = readWritten(transcript, StreamContext.NONE).result();

    assertEquals(0.25, result.costUsd(), 1e-9);
    assertFalse(result.costEstimated());
  }

  @Test
  void chargesInCreditsAreNoCostInDollars() throws IOException {
    String transcript =
        """
        {"type":"result","result":"ok","is_error":false,"subtype":"success","session_id":"a",\
        "billing":{"usage_unit":"credits","total_cost":12}}
        {"type":"auggie_session","session":{"sessionId":"a","chatHistory":[{"exchange":\
        {"response_nodes":[{"type":9,"billing_metadata":{"cost_usd":12,"usage_unit":1}}]}}]}}
        """;

    assertNull(readWritten(transcript, StreamContext.NONE).result().costUsd());
  }

  private AgentStream read(String name, List<String> configured) throws IOException {
    Path transcript = dir.resolve(name + ".jsonl");
    Files.writeString(transcript, resource(name + ".jsonl"));
    String stderr =
        getClass().getResource("/agents/auggie/" + name + ".stderr.txt") == null
            ? ""
            : resource(name + ".stderr.txt");
    return AuggieOutput.read(transcript, new StreamContext(configured, stderr));
  }

  private String resource(String file) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/agents/auggie/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Reads {@code lines}, a transcript the test writes out, as the adapter reads its CLI's. */
  private AgentStream readWritten(String lines, StreamContext context) throws IOException {
    return AuggieOutput.read(Files.writeString(dir.resolve("t.jsonl"), lines), context);
  }
}
