package org.reposearcheval.evals.transcript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Usage;

/**
 * Two hand-written stream-json transcripts of one case, {@code c1}, as Claude Code writes them:
 * with MCP (3 turns: text and a built-in call; text and two MCP calls, one an error, one a result
 * of 10,027 characters, an API retry; the answer) and without (2 turns), with their results.
 */
final class Fixtures {
  static final String LONG_RESULT = "<script>alert('x')</script>" + "x".repeat(10_000);

  static final String WITH_MCP =
      """
      {"type":"system","subtype":"init","cwd":"/repo","session_id":"s-1",\
      "tools":["Glob","Grep","Read","mcp__repo__search_files","mcp__repo__read_text_file"],\
      "mcp_servers":[{"name":"repo","status":"connected"},{"name":"docs","status":"failed"}],\
      "model":"claude-sonnet-4-5","claude_code_version":"2.1.328"}
      {"type":"assistant","message":{"id":"msg_1","type":"message","role":"assistant",\
      "content":[{"type":"text","text":"I will look for the scheduler."}]},"session_id":"s-1"}
      {"type":"assistant","message":{"id":"msg_1","type":"message","role":"assistant",\
      "content":[{"type":"tool_use","id":"toolu_01","name":"Grep",\
      "input":{"pattern":"class RunAll","path":"evals"}}]},"session_id":"s-1"}
      {"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_01",\
      "type":"tool_result","content":[{"type":"text","text":"evals/run/RunAll.java"},\
      {"type":"text","text":"evals/run/Job.java"}]}]},\
      "tool_use_result":{"stdout":"evals/run/RunAll.java"}}
      {"type":"assistant","message":{"id":"msg_2","type":"message","role":"assistant",\
      "content":[{"type":"text","text":"Now with the server: <b>bold</b> & co."}]}}
      {"type":"assistant","message":{"id":"msg_2","type":"message","role":"assistant",\
      "content":[{"type":"tool_use","id":"toolu_02","name":"mcp__repo__search_files",\
      "input":{"pattern":"*Scheduler*"}},{"type":"tool_use","id":"toolu_03",\
      "name":"mcp__repo__read_text_file","input":{"path":"evals/run/RunAll.java"}}]}}
      {"type":"system","subtype":"api_retry","attempt":1,"max_retries":10,"error_status":529}
      {"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_02",\
      "type":"tool_result","content":"No matches","is_error":true}]}}
      {"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_03",\
      "type":"tool_result","content":"%s"}]}}
      this is not json
      {"type":"assistant","message":{"id":"msg_3","type":"message","role":"assistant",\
      "content":[{"type":"text","text":"It is RunAll.java <script>alert(1)</script>"}]}}
      {"type":"result","subtype":"success","is_error":false,"num_turns":3,\
      "result":"It is RunAll.java <script>alert(1)</script>","duration_ms":4100,\
      "total_cost_usd":0.0123,"usage":{"input_tokens":1200,"output_tokens":300,\
      "cache_read_input_tokens":5000,"cache_creation_input_tokens":100}}
      """
          .formatted(LONG_RESULT);

  static final String WITHOUT_MCP =
      """
      {"type":"system","subtype":"init","session_id":"s-2","tools":["Glob","Grep","Read"],\
      "mcp_servers":[],"model":"claude-sonnet-4-5","claude_code_version":"2.1.328"}
      {"type":"assistant","message":{"id":"msg_a","content":[{"type":"text","text":"Searching."},\
      {"type":"tool_use","id":"toolu_11","name":"Grep","input":{"pattern":"jobs"}}]}}
      {"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_11",\
      "type":"tool_result","content":"nothing"}]}}
      {"type":"assistant","message":{"id":"msg_b","content":[{"type":"text","text":"I do not know."}]}}
      {"type":"result","subtype":"success","is_error":false,"num_turns":2,"result":"I do not know.",\
      "duration_ms":2500,"total_cost_usd":0.004,"usage":{"input_tokens":800,"output_tokens":100,\
      "cache_read_input_tokens":0,"cache_creation_input_tokens":0}}
      """;

  static final String PROMPT = "Which class runs the jobs? <em>Name its file.</em>";

  private Fixtures() {}

  /** Both transcripts under {@code runDir/transcripts/<arm>/c1-<run>.jsonl}. */
  static void write(Path runDir, int run) throws IOException {
    for (String arm : List.of("with-mcp", "without-mcp")) {
      Path file = runDir.resolve(transcript(arm, run));
      Files.createDirectories(file.getParent());
      Files.writeString(file, arm.equals("with-mcp") ? WITH_MCP : WITHOUT_MCP);
    }
  }

  static String transcript(String arm, int run) {
    return "transcripts/" + arm + "/c1-" + run + ".jsonl";
  }

  static RunResult withMcp(int index, int run) {
    return RunResultBuilder.result("c1", "with-mcp")
        .index(index)
        .run(run)
        .durationMs(4100)
        .numTurns(3)
        .costUsd(0.0123)
        .usage(new Usage(1200, 300, 5000, 100))
        .called("Grep", "mcp__repo__search_files", "mcp__repo__read_text_file")
        .mcpServers(List.of(new McpServer("repo", "connected"), new McpServer("docs", "failed")))
        .answer("It is RunAll.java <script>alert(1)</script>")
        .transcript(transcript("with-mcp", run))
        .build();
  }

  static RunResult withoutMcp(int index, int run) {
    return RunResultBuilder.result("c1", "without-mcp")
        .index(index)
        .run(run)
        .status(RunStatus.FAILED)
        .durationMs(2500)
        .numTurns(2)
        .costUsd(0.004)
        .usage(new Usage(800, 100, 0, 0))
        .called("Grep")
        .answer("I do not know.")
        .failedExpectations(List.of("contains \"RunAll.java\""))
        .transcript(transcript("without-mcp", run))
        .build();
  }

  /** The inside of each {@code <td>} of the table row whose header is {@code turn N}. */
  static List<String> cells(String page, String rowHeader) {
    Matcher row =
        Pattern.compile(
                "(?s)<tr><th class=\"turn\">" + Pattern.quote(rowHeader) + "</th>(.*?)</tr>")
            .matcher(page);
    if (!row.find()) {
      throw new AssertionError("no row " + rowHeader);
    }
    return Pattern.compile("(?s)<td>(.*?)</td>")
        .matcher(row.group(1))
        .results()
        .map(m -> m.group(1))
        .toList();
  }

  /** Fails when the page loads or links anything from the network, or runs a script. */
  static void assertSelfContained(String page) {
    Matcher remote =
        Pattern.compile("(?i)(src|href|action)\\s*=\\s*[\"']?\\s*(https?:|//)").matcher(page);
    if (remote.find()) {
      throw new AssertionError("the page reaches the network: " + remote.group());
    }
    if (page.toLowerCase(java.util.Locale.ROOT).contains("<script")) {
      throw new AssertionError("the page has a script");
    }
    if (Pattern.compile("(?i)<(link|img|iframe|object|embed)\\b").matcher(page).find()) {
      throw new AssertionError("the page loads something");
    }
  }
}
