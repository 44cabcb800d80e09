package org.reposearcheval.evals.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.agent.claude.ClaudeCode;
import org.reposearcheval.evals.transcript.Transcript.Note;
import org.reposearcheval.evals.transcript.Transcript.Server;
import org.reposearcheval.evals.transcript.Transcript.Text;
import org.reposearcheval.evals.transcript.Transcript.ToolCall;
import org.reposearcheval.evals.transcript.Transcript.Turn;
import org.reposearcheval.evals.util.JsonLines;

/** Reading a stream-json transcript into the turns a page shows. */
class TranscriptReaderTest {
  @TempDir Path dir;

  private Transcript read(String text) throws IOException {
    Path file = dir.resolve("t.jsonl");
    Files.writeString(file, text);
    return TranscriptReader.read(file);
  }

  /** {@code call} is to {@code tool} of MCP server {@code server}, or built in if that is null. */
  private static void assertCallOf(String server, String tool, ToolCall call) {
    assertEquals(server != null, call.mcp(), "an MCP call");
    assertEquals(server, call.server());
    assertEquals(tool, call.tool());
  }

  @Test
  void eventsSharingAMessageIdAreOneTurnAndEachResultMeetsItsCall() throws IOException {
    Transcript t = read(Fixtures.WITH_MCP);

    assertTrue(t.found());
    assertEquals("claude-sonnet-4-5", t.init().model());
    assertEquals("2.1.328", t.init().version());
    assertEquals(
        List.of(new Server("repo", "connected"), new Server("docs", "failed")), t.init().servers());
    assertEquals(
        List.of("mcp__repo__search_files", "mcp__repo__read_text_file"), t.init().mcpTools());
    assertEquals("success", t.resultSubtype());
    assertEquals(3, t.turns().size());

    Turn first = t.turns().get(0);
    assertEquals("I will look for the scheduler.", text(first, 0));
    ToolCall grep = call(first, 1);
    assertCallOf(null, "Grep", grep);
    assertEquals(
        "{\n  \"pattern\" : \"class RunAll\",\n  \"path\" : \"evals\"\n}", grep.input().text());
    assertEquals("evals/run/RunAll.java\nevals/run/Job.java", grep.result().text());
    assertEquals(40, grep.result().chars());

    Turn second = t.turns().get(1);
    assertEquals("Now with the server: <b>bold</b> & co.", text(second, 0));
    ToolCall search = call(second, 1);
    assertCallOf("repo", "search_files", search);
    assertTrue(search.error());
    assertEquals("No matches", search.result().text());
    ToolCall read = call(second, 2);
    assertEquals("read_text_file", read.tool());
    assertFalse(read.error());
    assertEquals(10_027, read.result().chars());
    assertEquals(4096, read.result().text().length());
    assertTrue(read.result().cut());
    assertTrue(read.result().folded());
    assertEquals(Fixtures.LONG_RESULT.substring(0, 4096), read.result().text());
    assertEquals(new Note("API retry 1 after status 529"), second.steps().get(3));

    assertEquals("It is RunAll.java <script>alert(1)</script>", text(t.turns().get(2), 0));
    assertEquals(1, t.unreadableLines());
    assertEquals(List.of("1 line was not JSON and skipped"), t.notes());
  }

  @Test
  void turnsAreCountedAsTheAgentCountsThem() throws IOException {
    Path file = dir.resolve("t.jsonl");
    Files.writeString(file, Fixtures.WITH_MCP);

    Transcript t = TranscriptReader.read(file);
    AgentStream stream = new ClaudeCode().read(file, AgentCli.StreamContext.NONE);

    int firstMcpTurn =
        t.turns().stream()
            .filter(turn -> turn.steps().stream().anyMatch(s -> s instanceof ToolCall c && c.mcp()))
            .findFirst()
            .orElseThrow()
            .number();
    assertEquals(2, firstMcpTurn);
    assertEquals(stream.mcpUse().turnsBeforeFirstCall() + 1, firstMcpTurn);
    assertEquals(stream.toolCalls().total(), t.turns().stream().mapToLong(Turn::toolCalls).sum());
  }

  @Test
  void assistantEventsWithoutAnIdAreATurnEachAndACallWithoutResultSaysSo() throws IOException {
    Transcript t =
        read(
            """
            {"type":"assistant","message":{"content":[{"type":"tool_use","id":"toolu_1","name":"Read","input":{}}]}}
            {"type":"assistant","message":{"content":[{"type":"tool_use","id":"toolu_1","name":"Grep","input":{}}]}}
            {"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"one"}]}}
            {"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"lost"}]}}
            """);

    assertEquals(2, t.turns().size());
    assertEquals("one", call(t.turns().get(0), 0).result().text());
    assertNull(call(t.turns().get(1), 0).result());
    assertEquals(
        new Note("a result for tool call toolu_9, which no turn made: lost"),
        t.turns().get(1).steps().get(1));
    assertNull(t.init());
  }

  @Test
  void aMissingTranscriptIsNone() throws IOException {
    assertSame(Transcript.NONE, TranscriptReader.read(dir.resolve("absent.jsonl")));
    assertSame(Transcript.NONE, TranscriptReader.read(null));
  }

  @Test
  void aResultOfMegabytesIsCutAndALineOverTheLimitIsSkippedAndMeasured() throws IOException {
    Path file = dir.resolve("big.jsonl");
    int big = 3 << 20;
    int huge = JsonLines.MAX_LINE_CHARS + 10;
    String prefix =
        "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\","
            + "\"tool_use_id\":\"b\",\"content\":\"";
    String suffix = "\"}]}}";
    try (Writer out = Files.newBufferedWriter(file)) {
      out.write(
          "{\"type\":\"assistant\",\"message\":{\"id\":\"m1\",\"content\":[{\"type\":\"tool_use\","
              + "\"id\":\"a\",\"name\":\"Read\",\"input\":{}},{\"type\":\"tool_use\",\"id\":\"b\","
              + "\"name\":\"Read\",\"input\":{}}]}}\n");
      out.write(
          "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\","
              + "\"tool_use_id\":\"a\",\"content\":\"");
      out.write("y".repeat(big));
      out.write("\"}]}}\n");
      out.write(prefix);
      out.write("z".repeat(huge));
      out.write(suffix + "\n");
      out.write(
          "{\"type\":\"assistant\",\"message\":{\"id\":\"m2\",\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}}\n");
    }

    Transcript t = TranscriptReader.read(file);

    assertEquals(2, t.turns().size());
    ToolCall a = call(t.turns().get(0), 0);
    assertEquals(big, a.result().chars());
    assertEquals("y".repeat(4096), a.result().text());
    assertNull(call(t.turns().get(0), 1).result());
    Note skipped = assertInstanceOf(Note.class, t.turns().get(0).steps().get(2));
    long lineChars = prefix.length() + huge + suffix.length();
    assertEquals(
        "a line of "
            + PageLayout.count(lineChars)
            + " characters, longer than the 4,194,304 read, was skipped",
        skipped.text());
    assertEquals("done", text(t.turns().get(1), 0));
  }

  @Test
  void linesAreSplitAtLineFeedsWhereverTheBufferEnds() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int length : new int[] {8190, 8191, 8192, 8193, 1, 0, 16384}) {
      String pad = "p".repeat(Math.max(0, length - 10));
      text.append("{\"s\":\"").append(pad).append("\"}\r\n");
    }
    text.append("\n   \n{\"last\":true}");
    try (JsonLines lines = new JsonLines(new StringReader(text.toString()), TranscriptReader.CUT)) {
      int values = 0;
      int blank = 0;
      JsonLines.Line line;
      while ((line = lines.next()) != null) {
        assertFalse(line.unreadable(), "line " + (values + blank));
        if (line.value() == null) {
          blank++;
        } else {
          values++;
        }
      }
      assertEquals(8, values);
      assertEquals(2, blank);
    }
  }

  private static String text(Turn turn, int step) {
    return assertInstanceOf(Text.class, turn.steps().get(step)).text().text();
  }

  private static ToolCall call(Turn turn, int step) {
    return assertInstanceOf(ToolCall.class, turn.steps().get(step));
  }
}
