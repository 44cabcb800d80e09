package org.reposearcheval.evals.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentClis;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.Turns;
import org.reposearcheval.evals.suite.AgentSpec;

/**
 * The turns each adapter reads from the streams its pinned CLI printed (recorded in {@code
 * src/test/resources/agents/<agent>/}) reach the pages as Claude Code's do: every run page shows
 * the MCP call with its server, tool, arguments and result, the turn count is the turns shown, and
 * the side-by-side page of one case run by all five agents has every column turn by turn.
 */
class EveryAgentTurnsTest {
  @TempDir Path runDir;

  /** Agent, recorded stream, the MCP tool it called, a piece of that call's result. */
  private record Recorded(String agent, String stream, String tool, String result) {}

  private static final List<Recorded> RECORDED =
      List.of(
          new Recorded("codex", "mcp-call.jsonl", "list_directory", "[DIR] src"),
          new Recorded("gemini", "mcp-call.jsonl", "read_text_file", "builds widgets"),
          new Recorded("opencode", "with-mcp.jsonl", "read_text_file", "builds widgets"),
          new Recorded("auggie", "with-mcp.jsonl", "list_directory", "[FILE] README.md"));

  private RunResult run(Recorded recorded, int index) throws Exception {
    return run(recorded, index, "m-1");
  }

  /** The recorded run as the adapter reads it, asked for {@code model} (null: none named). */
  private RunResult run(Recorded recorded, int index, String model) throws Exception {
    Path source =
        Path.of(
            getClass()
                .getResource("/agents/" + recorded.agent() + "/" + recorded.stream())
                .toURI());
    String transcript = "transcripts/" + recorded.agent() + "/c1-1.jsonl";
    Path copy = runDir.resolve(transcript);
    Files.createDirectories(copy.getParent());
    Files.copy(source, copy);
    AgentCli cli = AgentClis.named(recorded.agent()).orElseThrow();
    AgentStream stream = cli.read(copy, new AgentCli.StreamContext(List.of("fs"), "", model));
    Turns turns = stream.kept(recorded.agent(), model);
    assertNotNull(turns, recorded.agent() + " hands over no turns");
    assertEquals(stream.result().numTurns(), turns.turns().size(), recorded.agent());
    turns.writeBeside(copy);
    return RunResultBuilder.result("c1", recorded.agent())
        .index(index)
        .numTurns(stream.result().numTurns())
        .toolCalls(stream.toolCalls())
        .answer(stream.result().answer())
        .transcript(transcript)
        .build();
  }

  @Test
  void everyAgentsRunPageShowsItsMcpCallTurnWithArgumentsAndResult() throws Exception {
    List<RunResult> results = new ArrayList<>();
    for (Recorded recorded : RECORDED) {
      results.add(run(recorded, results.size()));
    }
    TranscriptPages.write(
        runDir, results, RECORDED.stream().map(Recorded::agent).toList(), Prompts.none());

    for (int i = 0; i < RECORDED.size(); i++) {
      Recorded recorded = RECORDED.get(i);
      String page = Files.readString(runDir.resolve(TranscriptPages.runPage(results.get(i))));
      Fixtures.assertSelfContained(page);
      String turn1 = between(page, "<h3>Turn 1</h3>", "</article>");
      assertTrue(
          turn1.contains("<span class=\"tag mcp\">MCP</span> fs · <b>" + recorded.tool() + "</b>"),
          recorded.agent() + ": " + turn1);
      assertTrue(turn1.contains(escaped(recorded.result())), recorded.agent() + ": " + turn1);
      assertTrue(
          turn1.matches("(?s).*<pre class=\"args\">[^<]*path[^<]*/repo.*"),
          recorded.agent() + " shows no arguments");
      assertTrue(page.contains("<h3>Turn 2</h3>"), recorded.agent());
      assertTrue(
          page.contains("<dt>turns</dt><dd>2</dd>"), recorded.agent() + ": the count differs");
      assertFalse(page.contains("no turn in the transcript"), recorded.agent());
      assertTrue(
          page.contains("model m-1 · " + AgentSpec.displayName(recorded.agent())),
          recorded.agent());
    }
  }

  @Test
  void theSideBySidePageOfFiveAgentsHasEveryColumnTurnByTurn() throws Exception {
    List<RunResult> results = new ArrayList<>();
    Path claude = runDir.resolve("transcripts/claude/c1-1.jsonl");
    Files.createDirectories(claude.getParent());
    Files.writeString(claude, Fixtures.WITH_MCP);
    results.add(
        RunResultBuilder.result("c1", "claude")
            .numTurns(3)
            .called("Grep", "mcp__repo__search_files", "mcp__repo__read_text_file")
            .answer("It is RunAll.java")
            .transcript("transcripts/claude/c1-1.jsonl")
            .build());
    for (Recorded recorded : RECORDED) {
      results.add(run(recorded, results.size()));
    }
    List<String> arms = List.of("claude", "codex", "gemini", "opencode", "auggie");
    TranscriptPages.write(runDir, results, arms, Prompts.none());

    String page = Files.readString(runDir.resolve("pages/c1.html"));
    Fixtures.assertSelfContained(page);
    List<String> first = Fixtures.cells(page, "turn 1");
    assertEquals(5, first.size());
    assertTrue(first.getFirst().contains("<b>Grep</b>"), first.getFirst());
    for (int i = 1; i < 5; i++) {
      assertTrue(
          first.get(i).contains("<span class=\"tag mcp\">MCP</span> fs · <b>"),
          arms.get(i) + ": " + first.get(i));
    }
    List<String> second = Fixtures.cells(page, "turn 2");
    for (int i = 1; i < 5; i++) {
      assertTrue(second.get(i).contains("ANSWER"), arms.get(i) + ": " + second.get(i));
    }
    List<String> third = Fixtures.cells(page, "turn 3");
    assertTrue(third.getFirst().contains("It is RunAll.java"), third.getFirst());
    assertEquals(
        List.of("—", "—", "—", "—"),
        third.subList(1, 5).stream().map(cell -> cell.replaceAll("<[^>]+>", "").strip()).toList(),
        "the agents with two turns have none on the third row");
    for (String agent : List.of("Claude Code", "Codex CLI", "Gemini CLI", "OpenCode")) {
      assertTrue(page.contains("<span class=\"muted\">" + agent + "</span>"), agent);
    }
  }

  private static String between(String page, String start, String end) {
    int from = page.indexOf(start);
    assertTrue(from >= 0, "no " + start);
    return page.substring(from, page.indexOf(end, from));
  }

  private static String escaped(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** The control is the test above: asked for m-1, the same stream's page names it. */
  @Test
  void aRunWhoseModelIsNamedNowhereSaysModelNotNamed() throws Exception {
    RunResult unnamed = run(RECORDED.getFirst(), 0, null);
    TranscriptPages.write(runDir, List.of(unnamed), List.of("codex"), Prompts.none());
    String page = Files.readString(runDir.resolve(TranscriptPages.runPage(unnamed)));

    assertTrue(page.contains("model not named · Codex CLI "), page);
  }
}
