package org.reposearcheval.evals.agent.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.util.BoundedLines;
import org.reposearcheval.evals.util.JsonLines;

/** Reading a {@code claude -p --output-format stream-json} transcript. */
class ClaudeStreamTest {
  private static final String INIT =
      """
      {"type":"system","subtype":"init","cwd":"/repo","session_id":"s-1",\
      "tools":["Task","Bash","Glob","Grep","Read",\
      "mcp__repo__search_files","mcp__repo__read_text_file"],\
      "mcp_servers":[{"name":"repo","status":"connected"},{"name":"docs","status":"failed"}],\
      "model":"claude-sonnet-4-5-20250929","permissionMode":"default","slash_commands":["compact"],\
      "apiKeySource":"ANTHROPIC_API_KEY","claude_code_version":"2.0.14","output_style":"default",\
      "agents":[],"uuid":"u-0"}\
      """;

  private static final String FIRST_TURN =
      """
      {"type":"assistant","message":{"id":"msg_01","type":"message","role":"assistant",\
      "model":"claude-sonnet-4-5-20250929","content":[\
      {"type":"text","text":"I'll search the repository."},\
      {"type":"tool_use","id":"toolu_01","name":"mcp__repo__search_files",\
      "input":{"pattern":"RunAll"}},\
      {"type":"tool_use","id":"toolu_02","name":"Read","input":{"file_path":"/repo/README.md"}}],\
      "stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":4,"output_tokens":90}},\
      "parent_tool_use_id":null,"session_id":"s-1","uuid":"u-1"}\
      """;

  private static final String TOOL_RESULTS =
      """
      {"type":"user","message":{"role":"user","content":[\
      {"tool_use_id":"toolu_01","type":"tool_result","content":"evals/RunAll.java"},\
      {"tool_use_id":"toolu_02","type":"tool_result","content":"# repo"}]},\
      "parent_tool_use_id":null,"session_id":"s-1","uuid":"u-2"}\
      """;

  private static final String RETRY =
      """
      {"type":"system","subtype":"api_retry","attempt":1,"max_retries":10,"retry_delay_ms":612,\
      "error_status":529,"error":"overloaded_error","session_id":"s-1","uuid":"u-3"}\
      """;

  private static final String SECOND_TURN =
      """
      {"type":"assistant","message":{"id":"msg_02","type":"message","role":"assistant","content":[\
      {"type":"tool_use","id":"toolu_03","name":"Read",\
      "input":{"file_path":"/repo/evals/RunAll.java"}},\
      {"type":"tool_use","id":"toolu_04","name":"mcp__repo__search_files",\
      "input":{"pattern":"Semaphore"}},\
      {"type":"tool_use","id":"toolu_05","name":"Read",\
      "input":{"file_path":"/repo/evals/Job.java"}}]},\
      "parent_tool_use_id":null,"session_id":"s-1","uuid":"u-4"}\
      """;

  private static final String MORE_RESULTS =
      """
      {"type":"user","message":{"role":"user","content":[\
      {"tool_use_id":"toolu_03","type":"tool_result","content":"final class RunAll"}]},\
      "parent_tool_use_id":null,"session_id":"s-1","uuid":"u-5"}\
      """;

  private static final String ANSWER_TURN =
      """
      {"type":"assistant","message":{"id":"msg_03","type":"message","role":"assistant","content":[\
      {"type":"text","text":"RunAll runs the jobs, at most `parallel` at once."}]},\
      "parent_tool_use_id":null,"session_id":"s-1","uuid":"u-6"}\
      """;

  private static final String RESULT =
      """
      {"type":"result","subtype":"success","is_error":false,"duration_ms":41234,\
      "duration_api_ms":38000,"num_turns":7,\
      "result":"RunAll runs the jobs, at most `parallel` at once.",\
      "session_id":"s-1","total_cost_usd":0.0731,"usage":{"input_tokens":120,\
      "cache_creation_input_tokens":3100,"cache_read_input_tokens":15400,"output_tokens":452,\
      "server_tool_use":{"web_search_requests":0},"service_tier":"standard"},\
      "permission_denials":[],"uuid":"u-7"}\
      """;

  @TempDir Path dir;

  private AgentStream read(String... lines) throws Exception {
    Path transcript = dir.resolve("transcript.jsonl");
    Files.writeString(transcript, String.join("\n", lines) + "\n");
    return ClaudeStream.read(transcript);
  }

  private static String result(String fields) {
    return "{\"type\":\"result\"," + fields + ",\"num_turns\":2,\"result\":\"partial\"}";
  }

  @Test
  void fullTranscriptGivesServersToolCallsVersionAndResult() throws Exception {
    AgentStream stream =
        read(INIT, FIRST_TURN, TOOL_RESULTS, RETRY, SECOND_TURN, MORE_RESULTS, ANSWER_TURN, RESULT);

    assertEquals(
        List.of(new McpServer("repo", "connected"), new McpServer("docs", "failed")),
        stream.mcpServers());
    assertEquals("2.0.14", stream.agentVersion());
    assertEquals(5, stream.toolCalls().total());
    assertEquals(2, stream.toolCalls().mcp());
    assertEquals(Map.of("Read", 3, "mcp__repo__search_files", 2), stream.toolCalls().byName());
    assertEquals(0, stream.unreadableLines());

    assertTrue(stream.hasResult());
    AgentStream.Result result = stream.result();
    assertEquals("success", result.subtype());
    assertFalse(result.isError());
    assertNull(result.apiErrorStatus());
    assertEquals(7, result.numTurns());
    assertEquals(41234L, result.durationMs());
    assertEquals(0.0731, result.costUsd());
    assertEquals(new Usage(120, 452, 15400, 3100), result.usage());
    assertEquals("RunAll runs the jobs, at most `parallel` at once.", result.answer());
    assertFalse(result.failed());
  }

  @Test
  void aToolResultLongerThanTheLineLimitIsSkippedUnreadAndTheRestStillCounts() throws Exception {
    String hugeToolResult =
        "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":"
            + "\"tool_result\",\"content\":\""
            + "x".repeat(JsonLines.MAX_LINE_CHARS)
            + "\"}]}}";
    AgentStream stream = read(INIT, FIRST_TURN, hugeToolResult, SECOND_TURN, RESULT);

    assertEquals(1, stream.unreadableLines());
    assertEquals(5, stream.toolCalls().total());
    assertEquals("RunAll runs the jobs, at most `parallel` at once.", stream.result().answer());
  }

  @Test
  void boundedLinesSplitsAtLineFeedsAcrossBuffersAndKeepsALastLineWithoutOne() throws Exception {
    String long9000 = "a".repeat(9000);
    BoundedLines lines =
        new BoundedLines(
            new BufferedReader(
                new StringReader(
                    "one\n\n"
                        + long9000
                        + "\n"
                        + "b".repeat(10)
                        + "\n"
                        + "c".repeat(11)
                        + "\nlast")),
            10,
            Long.MAX_VALUE);
    assertEquals("one", lines.next());
    assertEquals("", lines.next());
    assertSame(BoundedLines.TOO_LONG, lines.next());
    assertEquals("b".repeat(10), lines.next(), "exactly the limit is kept");
    assertSame(BoundedLines.TOO_LONG, lines.next());
    assertEquals("last", lines.next());
    assertNull(lines.next());

    BoundedLines spanning =
        new BoundedLines(
            new BufferedReader(new StringReader(long9000 + "\n" + long9000)),
            20_000,
            Long.MAX_VALUE);
    assertEquals(long9000, spanning.next());
    assertEquals(long9000, spanning.next());
    assertNull(spanning.next());
  }

  @Test
  void garbageLinesAreCountedAndDoNotHideTheResult() throws Exception {
    AgentStream stream =
        read(
            "npm WARN deprecated something@1.0.0",
            INIT,
            "{\"type\":\"assistant\",\"message\":",
            FIRST_TURN,
            "",
            "[1, 2, 3]",
            "   ",
            RESULT);

    assertEquals(3, stream.unreadableLines());
    assertTrue(stream.hasResult());
    assertEquals("RunAll runs the jobs, at most `parallel` at once.", stream.result().answer());
    assertEquals(2, stream.toolCalls().total());
    assertEquals("2.0.14", stream.agentVersion());
  }

  @Test
  void transcriptWithoutResultEventHasNoResult() throws Exception {
    AgentStream stream = read(INIT, FIRST_TURN, TOOL_RESULTS);

    assertFalse(stream.hasResult());
    assertNull(stream.result());
    assertEquals(2, stream.toolCalls().total());
    assertEquals(2, stream.mcpServers().size());
  }

  @Test
  void emptyTranscriptHasNothing() throws Exception {
    AgentStream stream = read();

    assertFalse(stream.hasResult());
    assertEquals(List.of(), stream.mcpServers());
    assertNull(stream.agentVersion());
    assertEquals(ToolCalls.NONE, stream.toolCalls());
  }

  @Test
  void rateLimitReportedAsSuccessIsAFailure() throws Exception {
    AgentStream stream =
        read(
            INIT,
            result(
                "\"subtype\":\"success\",\"is_error\":true,\"api_error_status\":429,"
                    + "\"total_cost_usd\":0"));

    AgentStream.Result result = stream.result();
    assertEquals("success", result.subtype());
    assertTrue(result.isError());
    assertEquals(429, result.apiErrorStatus());
    assertTrue(result.failed());
  }

  @Test
  void apiErrorStatusAloneIsAFailure() throws Exception {
    AgentStream stream =
        read(result("\"subtype\":\"success\",\"is_error\":false,\"api_error_status\":529"));

    assertTrue(stream.result().failed());
  }

  @Test
  void runningOutOfTurnsIsAFailure() throws Exception {
    AgentStream stream = read(INIT, result("\"subtype\":\"error_max_turns\",\"is_error\":false"));

    assertEquals("error_max_turns", stream.result().subtype());
    assertTrue(stream.result().failed());
  }

  @Test
  void resultWithoutNumbersKeepsThemNull() throws Exception {
    AgentStream stream = read("{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"ok\"}");

    AgentStream.Result result = stream.result();
    assertNull(result.numTurns());
    assertNull(result.durationMs());
    assertNull(result.costUsd());
    assertEquals(Usage.NONE, result.usage());
    assertEquals("ok", result.answer());
    assertFalse(result.failed());
  }

  @Test
  void offeredMcpToolsComeFromTheInitEventAndAFirstTurnCallHasNoTurnBeforeIt() throws Exception {
    AgentStream stream = read(INIT, FIRST_TURN, TOOL_RESULTS, SECOND_TURN, ANSWER_TURN, RESULT);

    // INIT lists Task, Bash, Glob, Grep, Read and two mcp__repo__ tools; FIRST_TURN (msg_01)
    // already calls mcp__repo__search_files.
    assertEquals(
        new McpUse(List.of("mcp__repo__search_files", "mcp__repo__read_text_file"), 0),
        stream.mcpUse());
    assertTrue(stream.mcpUse().used());
  }

  @Test
  void turnsBeforeTheFirstMcpCallCountAssistantMessagesNotTheirEvents() throws Exception {
    // The CLI prints each content block of a message as its own assistant event with the
    // message's id. Events: a1 a1 | b | c c(mcp). Turns (distinct ids) before c: a, b = 2; the
    // events before the MCP call's event would be 4.
    AgentStream stream =
        read(
            INIT,
            assistant("msg_a", "{\"type\":\"text\",\"text\":\"Looking.\"}"),
            assistant("msg_a", toolUse("toolu_1", "Read")),
            assistant("msg_b", toolUse("toolu_2", "Grep")),
            assistant("msg_c", "{\"type\":\"text\",\"text\":\"Now the server.\"}"),
            assistant("msg_c", toolUse("toolu_3", "mcp__repo__search_files")),
            assistant("msg_d", toolUse("toolu_4", "mcp__repo__read_text_file")),
            RESULT);

    assertEquals(2, stream.mcpUse().turnsBeforeFirstCall());
    assertEquals(2, stream.toolCalls().mcp());
  }

  @Test
  void aRunThatNeverCallsAnMcpToolWasOfferedItsToolsAndDidNotUseThem() throws Exception {
    AgentStream stream = read(INIT, ANSWER_TURN, RESULT);

    assertEquals(
        List.of("mcp__repo__search_files", "mcp__repo__read_text_file"),
        stream.mcpUse().offeredTools());
    assertNull(stream.mcpUse().turnsBeforeFirstCall());
    assertFalse(stream.mcpUse().used());
  }

  @Test
  void withoutAnInitEventNoMcpToolWasOffered() throws Exception {
    AgentStream stream = read(ANSWER_TURN, RESULT);

    assertEquals(new McpUse(List.of(), null), stream.mcpUse());
  }

  private static String assistant(String messageId, String block) {
    return "{\"type\":\"assistant\",\"message\":{\"id\":\""
        + messageId
        + "\",\"role\":\"assistant\",\"content\":["
        + block
        + "]},\"parent_tool_use_id\":null}";
  }

  private static String toolUse(String id, String name) {
    return "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":{}}";
  }
}
