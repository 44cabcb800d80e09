package org.reposearcheval.evals.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.Secrets;

/** The pages of the hand-written transcripts in {@link Fixtures}, numbers derived by hand. */
class TranscriptPagesTest {
  private static final List<String> ARMS = List.of("with-mcp", "without-mcp");

  @TempDir Path runDir;

  @BeforeEach
  void setUp() throws IOException {
    Fixtures.write(runDir, 1);
    TestCase c1 = TestJobs.testCase("c1", Fixtures.PROMPT);
    c1 =
        new TestCase(
            "c1",
            Fixtures.PROMPT,
            new Expectations(List.of("RunAll.java"), List.of(), List.of("Scheduler.java")),
            List.of(),
            c1.timeout(),
            c1.source(),
            c1.fingerprint());
    Prompts.save(runDir, List.of(c1), Secrets.fromEnvironment(Map.of()));
  }

  private Map<String, String> write(List<RunResult> results) throws IOException {
    return TranscriptPages.write(runDir, results, ARMS, Prompts.load(runDir));
  }

  private String page(String relative) throws IOException {
    String page = Files.readString(runDir.resolve(relative));
    Fixtures.assertSelfContained(page);
    return page;
  }

  @Test
  void aRunPageShowsThePromptEachTurnTheAnswerAndTheNumbers() throws IOException {
    RunResult run = Fixtures.withMcp(0, 1);
    assertEquals(Map.of("c1", "pages/c1.html"), write(List.of(run, Fixtures.withoutMcp(1, 1))));
    assertEquals("pages/with-mcp/c1-1.html", TranscriptPages.runPage(run));

    String page = page(TranscriptPages.runPage(run));

    assertContains(
        page,
        "Which class runs the jobs? &lt;em&gt;Name its file.&lt;/em&gt;",
        "<h3>Turn 1</h3>",
        "<h3>Turn 3</h3>");
    assertFalse(page.contains("<h3>Turn 4</h3>"));
    assertContains(
        page,
        "<span class=\"tag mcp\">MCP</span> repo · <b>search_files</b>",
        "<span class=\"tag mcp\">MCP</span> repo · <b>read_text_file</b>",
        "<span class=\"tag\">built-in</span> <b>Grep</b>",
        "<div class=\"step call error\">",
        "<summary>error · 10 characters</summary>");
    // The long result is folded and cut, its size stated; a short one is open.
    assertTrue(
        page.contains("<details class=\"result\"><summary>result · 10,027 characters</summary>"));
    assertTrue(page.contains("cut: the first 4,096 of 10,027 characters shown"));
    assertTrue(
        page.contains("<details class=\"result\" open><summary>result · 40 characters</summary>"));
    assertContains(
        page,
        "API retry 1 after status 529",
        "1 line was not JSON and skipped",
        "Now with the server: &lt;b&gt;bold&lt;/b&gt; &amp; co.");
    // Figures: 1200 + 300 + 5000 + 100 tokens, 3 calls of which 2 MCP, $0.0123, 4100 ms.
    assertContains(
        page,
        "<dd>3 (2 MCP / 1 built-in)</dd>",
        ">6,600</dd>",
        "<dd>$0.0123</dd>",
        "<dd>4.1s</dd>",
        "<dd>3</dd>",
        "<span class=\"pass\">repo (connected)</span>",
        "<span class=\"fail\">docs (failed)</span>",
        "2 MCP tools offered",
        "href=\"../../transcripts/with-mcp/c1-1.jsonl\"",
        "href=\"../c1.html\"");
    assertTrue(page.contains("✓ met contains \"RunAll.java\""), page);
    assertTrue(page.contains("✓ met notContains \"Scheduler.java\""));
  }

  @Test
  void htmlInAnAnswerOrAToolResultComesOutEscaped() throws IOException {
    write(List.of(Fixtures.withMcp(0, 1)));

    String page = Files.readString(runDir.resolve("pages/with-mcp/c1-1.html"));

    assertFalse(page.contains("<script"), "a script got through");
    assertContains(
        page,
        "It is RunAll.java &lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;script&gt;alert('x')&lt;/script&gt;xxx");
    Fixtures.assertSelfContained(page);
  }

  @Test
  void aFailedRunSaysWhichExpectationItMissed() throws IOException {
    write(List.of(Fixtures.withMcp(0, 1), Fixtures.withoutMcp(1, 1)));

    String page = page("pages/without-mcp/c1-1.html");

    assertContains(
        page,
        "<li class=\"fail\">✗ missed contains \"RunAll.java\"</li>",
        "<li class=\"pass\">✓ met notContains \"Scheduler.java\"</li>",
        "MCP servers:\n<span class=\"muted\">none</span>",
        "<dd class=\"fail\">✗ failed</dd>");
  }

  @Test
  void theCasePageAlignsTheArmsTurnByTurnUnderTheirNumbers() throws IOException {
    write(List.of(Fixtures.withMcp(0, 1), Fixtures.withoutMcp(1, 1)));

    String page = page("pages/c1.html");

    assertTrue(
        page.contains(
            "<p class=\"flip\"><b>Flip.</b> Passes with with-mcp (1 of 1); fails with"
                + " without-mcp (0 of 1).</p>"));
    assertTrue(page.indexOf("class=\"flip\"") < page.indexOf("<h2>Prompt</h2>"));
    List<String> first = Fixtures.cells(page, "turn 1");
    assertEquals(2, first.size());
    assertTrue(first.get(0).contains("I will look for the scheduler."));
    assertTrue(first.get(1).contains("Searching."));
    List<String> second = Fixtures.cells(page, "turn 2");
    assertTrue(second.get(0).contains("<b>search_files</b>"));
    assertTrue(second.get(1).contains("I do not know."));
    List<String> third = Fixtures.cells(page, "turn 3");
    assertTrue(third.get(0).contains("It is RunAll.java &lt;script&gt;"));
    assertTrue(third.get(1).contains("<span class=\"muted\">—</span>"));
    assertContains(page, "<th class=\"turn\">answer</th>", "✗ missed contains \"RunAll.java\"");

    String header = page.substring(page.indexOf("<thead><tr><th class=\"turn\">"));
    header = header.substring(0, header.indexOf("</thead>"));
    assertEquals(2, Pattern.compile("<dl class=\"figures\">").matcher(header).results().count());
    assertTrue(header.indexOf("with-mcp · run 1") < header.indexOf("without-mcp · run 1"));
    // with-mcp: 6,600 tokens, 3 calls (2 MCP), $0.0123, 4.1s; without-mcp: 900, 1 call, $0.004,
    // 2.5s.
    for (String figure :
        List.of(
            "<dd class=\"pass\">✓ passed</dd>",
            ">6,600</dd>",
            "<dd>3 (2 MCP / 1 built-in)</dd>",
            "<dd>$0.0123</dd>",
            "<dd>4.1s</dd>",
            "<dd class=\"fail\">✗ failed</dd>",
            "<dd>2</dd>",
            ">900</dd>",
            "<dd>1 (0 MCP / 1 built-in)</dd>",
            "<dd>$0.004</dd>",
            "<dd>2.5s</dd>")) {
      assertTrue(header.contains(figure), figure);
    }
    assertContains(header, "href=\"with-mcp/c1-1.html\"", "href=\"without-mcp/c1-1.html\"");
  }

  @Test
  void eachRepetitionHasItsOwnTableAndAnchor() throws IOException {
    Fixtures.write(runDir, 2);
    RunResult timedOut =
        RunResultBuilder.result("c1", "without-mcp")
            .index(3)
            .run(2)
            .status(RunStatus.TIMEOUT)
            .durationMs(60_000)
            .exitCode(null)
            .numTurns(null)
            .costUsd(null)
            .answer(null)
            .error("no answer within 1m")
            .transcript(Fixtures.transcript("without-mcp", 2))
            .build();
    write(
        List.of(
            Fixtures.withMcp(0, 1), Fixtures.withoutMcp(1, 1), Fixtures.withMcp(2, 2), timedOut));

    String page = page("pages/c1.html");

    assertContains(
        page,
        "<a href=\"#run-1\">run 1</a>",
        "<a href=\"#run-2\">run 2</a>",
        "<section id=\"run-2\">",
        "<td class=\"fail\">fails · 0 of 1 passed, 1 without a verdict</td>",
        "<td class=\"pass\">passes · 2 of 2 passed</td>",
        "title=\"run 2: timeout\">T</a>",
        "timeout: no answer within 1m");
    String run = page("pages/without-mcp/c1-2.html");
    assertContains(
        run,
        "Why it ended <span class=\"warn\">timeout</span>",
        "not checked: the run reached no verdict",
        "<dd>–</dd>");
  }

  @Test
  void aRunDirectoryWithoutPromptsOrTranscriptSaysSo() throws IOException {
    Files.delete(runDir.resolve(Prompts.FILE));
    Files.delete(runDir.resolve(Fixtures.transcript("without-mcp", 1)));
    RunResult outside =
        RunResultBuilder.result("c2", "with-mcp")
            .index(2)
            .status(RunStatus.ERROR)
            .durationMs(5)
            .exitCode(3)
            .numTurns(null)
            .costUsd(null)
            .answer(null)
            .error("agent exited 3")
            .transcript("../../etc/passwd")
            .build();
    write(List.of(Fixtures.withMcp(0, 1), Fixtures.withoutMcp(1, 1), outside));

    String failed = page("pages/without-mcp/c1-1.html");
    assertContains(
        failed,
        "<p class=\"muted\">prompt not recorded</p>",
        "no transcript recorded",
        "expectations not recorded; missed:",
        "✗ missed contains \"RunAll.java\"");
    assertFalse(failed.contains("transcript (jsonl)"));
    String error = page("pages/with-mcp/c2-1.html");
    assertTrue(
        error.contains("no transcript recorded"),
        "a transcript outside the run directory is not read");
    assertTrue(error.contains("agent exited 3"));
    // Model and agent on every page: said "not named" for a run that left no transcript.
    assertTrue(error.contains("model not named · agent not named (no transcript) ·"), error);
    assertTrue(page("pages/c1.html").contains("prompt not recorded"));
  }
}
