package org.reposearcheval.evals.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.FakeAgent;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.Secrets;

/** The pages of real transcripts: the test agent run as a process through the solver. */
class FakeAgentPagesTest {
  private static final String SECRET = "sk-pages-test-0123456789";

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void pagesOfTheTestAgentsTranscriptsShowItsCallsAnswerAndNumbers() throws Exception {
    FakeAgent agent = new FakeAgent(dir);
    Map<String, String> env = new HashMap<>(agent.environment());
    env.put("PAGES_TEST_KEY", SECRET);
    // The test agent reads its words from the first line; the second is only carried.
    TestCase c1 =
        TestJobs.testCase(
            "c1",
            "tool=mcp__repo__search_files tool=Read answer=<b>It is</b> RunAll.java\n"
                + "Use the key "
                + SECRET
                + " if you must.",
            "RunAll.java");
    Prompts.save(agent.output, List.of(c1), Secrets.fromEnvironment(env));
    List<RunResult> results;
    try (AgentSolver solver = agent.solver(Duration.ofSeconds(30), env)) {
      results =
          List.of(
              solver.solve(new Job(0, c1, agent.withMcp, 1)),
              solver.solve(new Job(1, c1, Arm.withoutMcp(), 1)));
    }
    assertEquals(RunStatus.PASSED, results.get(0).status(), results.get(0).error());

    Map<String, String> links =
        TranscriptPages.write(
            agent.output, results, List.of("with-mcp", "without-mcp"), Prompts.load(agent.output));

    assertEquals(Map.of("c1", "pages/c1.html"), links);
    String page = Files.readString(agent.output.resolve("pages/with-mcp/c1-1.html"));
    Fixtures.assertSelfContained(page);
    assertFalse(page.contains(SECRET));
    assertContains(
        page, "Use the key *** if you must.", "answer=&lt;b&gt;It is&lt;/b&gt; RunAll.java");
    // One tool_use event each, without a message id: two turns; the agent reports num_turns 3.
    assertTrue(page.contains("<h3>Turn 2</h3>"));
    assertFalse(page.contains("<h3>Turn 3</h3>"));
    assertContains(
        page,
        "<dd>3 (2 messages)</dd>",
        "<span class=\"tag mcp\">MCP</span> repo · <b>search_files</b>",
        "<span class=\"tag\">built-in</span> <b>Read</b>");
    assertEquals(2, page.split("no result: the run ended before it came", -1).length - 1);
    assertTrue(page.contains("<dd>2 (1 MCP / 1 built-in)</dd>"));
    // 100 in + 20 out + 3 cache read + 4 cache write; $0.01.
    assertContains(
        page,
        ">127</dd>",
        "<dd>$0.01</dd>",
        "<span class=\"pass\">repo (connected)</span>",
        "Claude Code 9.9.9",
        "<pre class=\"answer\">&lt;b&gt;It is&lt;/b&gt; RunAll.java</pre>",
        "<li class=\"pass\">✓ met contains \"RunAll.java\"</li>");

    String side = Files.readString(agent.output.resolve("pages/c1.html"));
    Fixtures.assertSelfContained(side);
    assertFalse(side.contains(SECRET));
    // The baseline was offered no MCP server, so the test agent, like a real one, skipped the MCP
    // call: its first turn is the built-in Read.
    List<String> first = Fixtures.cells(side, "turn 1");
    assertEquals(2, first.size());
    assertTrue(first.get(0).contains("<b>search_files</b>"), first.get(0));
    assertTrue(first.get(1).contains("<b>Read</b>"), first.get(1));
    assertTrue(Fixtures.cells(side, "turn 2").getFirst().contains("<b>Read</b>"));
    assertContains(
        side,
        "<a href=\"with-mcp/c1-1.html\">with-mcp · run 1</a>",
        "<a href=\"without-mcp/c1-1.html\">without-mcp · run 1</a>");
    assertEquals(RunStatus.PASSED, results.get(1).status(), results.get(1).error());
    assertFalse(side.contains("class=\"flip\""), "both arms pass: no flip");
  }
}
