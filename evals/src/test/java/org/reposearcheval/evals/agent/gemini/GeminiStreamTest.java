package org.reposearcheval.evals.agent.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.agent.StreamAssertions.assertOneMcpCallFirstThenSuccess;
import static org.reposearcheval.evals.agent.StreamAssertions.assertRateLimited;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.agent.AgentCli.StreamContext;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.agent.Pricing;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.Usage;

/**
 * Reading {@code gemini --output-format stream-json}: streams the pinned Gemini CLI (0.61.0)
 * printed against {@code ScriptedGeminiApi}, under {@code agents/gemini/}.
 */
class GeminiStreamTest {
  private static final String STARTUP_NOISE =
      "Warning: 256-color support not detected.\nRipgrep is not available.\n";

  @TempDir Path dir;

  @Test
  void anMcpCallIsNamedAsEveryAgentsAndItsServerConnected() throws Exception {
    AgentStream stream = read("mcp-call.jsonl", List.of("fs"), STARTUP_NOISE);

    assertEquals(List.of(new McpServer("fs", "connected")), stream.mcpServers());
    AgentStream.Result result = assertOneMcpCallFirstThenSuccess(stream, "mcp__fs__read_text_file");
    assertEquals(2, result.numTurns());
    assertEquals(728L, result.durationMs());
    assertTrue(
        result.answer().startsWith("ANSWER: <untrusted_context>\nfinal class WidgetFactory"));
  }

  @Test
  void inputExcludesCacheReadsAndOutputIncludesThinking() throws Exception {
    AgentStream.Result result = read("mcp-call.jsonl", List.of("fs"), "").result();

    // input_tokens 20029 of which cached 5006; output_tokens 54, total 20097: 14 thinking tokens.
    Usage usage = new Usage(15023, 68, 5006, 0);
    assertEquals(usage, result.usage());
    assertTrue(result.costEstimated());
    assertEquals(Pricing.estimate("gemini-2.5-flash", usage).orElseThrow(), result.costUsd());
  }

  @Test
  void theBaselinesBuiltInReadIsNoMcpCall() throws Exception {
    AgentStream stream = read("baseline-read-file.jsonl", List.of(), STARTUP_NOISE);

    assertEquals(List.of(), stream.mcpServers());
    assertEquals(Map.of("read_file", 1), stream.toolCalls().byName());
    assertEquals(0, stream.toolCalls().mcp());
    assertNull(stream.mcpUse().turnsBeforeFirstCall());
    assertEquals(
        "ANSWER: final class WidgetFactory { /* builds widgets */ }\n", stream.result().answer());
  }

  @Test
  void aBaselinesCallOfAnMcpToolCountsAsMcpEvenThoughTheToolWasNotThere() throws Exception {
    AgentStream stream = read("baseline-calls-mcp.jsonl", List.of(), STARTUP_NOISE);

    assertEquals(Map.of("mcp__fs__read_text_file", 1), stream.toolCalls().byName());
    assertEquals(1, stream.toolCalls().mcp());
    assertEquals(List.of(), stream.mcpServers());
  }

  @Test
  void aServerTheCliReportsIssuesWithFailedAndOneItCalledConnected() throws Exception {
    String issues = STARTUP_NOISE + "MCP issues detected. Run /mcp list for status.\n";

    assertEquals(
        List.of(new McpServer("fs", "failed")),
        read("mcp-failed.jsonl", List.of("fs"), issues).mcpServers());
    assertEquals(
        List.of(new McpServer("fs", "connected")),
        read("mcp-call.jsonl", List.of("fs"), issues).mcpServers());
    assertEquals(
        List.of(new McpServer("fs", "connected"), new McpServer("docs", "failed")),
        read("mcp-call.jsonl", List.of("fs", "docs"), issues).mcpServers());
  }

  @Test
  void aRateLimitIsA429ThoughItsMessageHasNoNumber() throws Exception {
    AgentStream.Result result = read("rate-limited.jsonl", List.of(), STARTUP_NOISE).result();

    assertRateLimited(result);
    assertTrue(result.answer().startsWith("[API Error: Resource exhausted]"));
    assertEquals(0, result.numTurns());
    assertEquals(Usage.NONE, result.usage());
  }

  @Test
  void aServerErrorCarriesItsStatus() throws Exception {
    AgentStream.Result result = read("server-error.jsonl", List.of(), "").result();

    assertEquals(500, result.apiErrorStatus());
    assertTrue(result.failed());
  }

  @Test
  void aCliThatEndedBeforeItsInitEventReportsNoServerAndNoResult() throws Exception {
    String transcript = "not json\n\n";

    AgentStream stream = readWritten(transcript, new StreamContext(List.of("fs"), ""));

    assertEquals(List.of(), stream.mcpServers());
    assertFalse(stream.hasResult());
    assertEquals(1, stream.unreadableLines());
  }

  @Test
  void theAnswerIsTheLastTurnsText() throws Exception {
    String transcript =
        """
        {"type":"init","model":"gemini-2.5-pro"}
        {"type":"message","role":"user","content":"q"}
        {"type":"message","role":"assistant","content":"Let me ","delta":true}
        {"type":"message","role":"assistant","content":"look.","delta":true}
        {"type":"tool_use","tool_name":"glob","tool_id":"g1","parameters":{}}
        {"type":"tool_use","tool_name":"mcp_code-search_find","tool_id":"m1","parameters":{}}
        {"type":"tool_result","tool_id":"g1","status":"success"}
        {"type":"tool_result","tool_id":"m1","status":"error"}
        {"type":"message","role":"assistant","content":"It is ","delta":true}
        {"type":"message","role":"assistant","content":"here.","delta":true}
        {"type":"result","status":"success","stats":{"models":{}}}
        """;

    AgentStream stream = readWritten(transcript, new StreamContext(List.of("code-search"), ""));

    assertEquals("It is here.", stream.result().answer());
    assertEquals(2, stream.result().numTurns());
    assertEquals(Map.of("glob", 1, "mcp__code-search__find", 1), stream.toolCalls().byName());
    assertEquals(0, stream.mcpUse().turnsBeforeFirstCall());
  }

  @Test
  void mcpToolNamesAreSplitAtTheConfiguredServersName() {
    assertEquals("mcp__fs__read_file", GeminiStream.mcpName("mcp_fs_read_file", List.of("fs")));
    assertEquals("mcp__fs_x__read", GeminiStream.mcpName("mcp_fs_x_read", List.of("fs", "fs_x")));
    assertEquals("mcp__my_docs__get", GeminiStream.mcpName("mcp_my_docs_get", List.of("my docs")));
    assertEquals("mcp__a.b__get", GeminiStream.mcpName("mcp_a.b_get", List.of()));
    assertEquals("mcp__a_b__get", GeminiStream.mcpName("mcp_a.b_get", List.of("a.b")));
    assertEquals("mcp__mcp__search", GeminiStream.mcpName("mcp_search", List.of("mcp")));
    assertEquals("mcp__other__tool_x", GeminiStream.mcpName("mcp_other_tool_x", List.of("fs")));
    assertEquals("read_file", GeminiStream.mcpName("read_file", List.of("fs")));
  }

  private AgentStream read(String name, List<String> servers, String stderr)
      throws IOException, URISyntaxException {
    Path transcript = Path.of(getClass().getResource("/agents/gemini/" + name).toURI());
    return GeminiStream.read(transcript, new StreamContext(servers, stderr));
  }

  /** Reads {@code lines}, a transcript the test writes out, as the adapter reads its CLI's. */
  private AgentStream readWritten(String lines, StreamContext context) throws IOException {
    return GeminiStream.read(Files.writeString(dir.resolve("t.jsonl"), lines), context);
  }
}
