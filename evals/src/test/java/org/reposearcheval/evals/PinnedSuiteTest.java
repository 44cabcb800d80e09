package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.CaseTree;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * Suites pinned to commits of real git repositories made here, run by the test agent, which answers
 * with a file of its working directory ({@code cat=answer.txt}): the same question has a different
 * right answer at each commit.
 */
class PinnedSuiteTest extends SuiteDirs {
  PinnedSuiteTest() {
    super("suite/cases");
  }

  Path alpha;
  String alpha1;
  String alpha2;

  @BeforeEach
  void twoCommits() throws IOException {
    alpha = GitRepos.init(dir.resolve("alpha"));
    alpha1 =
        GitRepos.commit(
            alpha, Map.of("answer.txt", "first answer", "Main.java", "class Main {}"), "one");
    alpha2 = GitRepos.commit(alpha, Map.of("answer.txt", "second answer"), "two");
    GitRepos.tag(alpha, "v1", alpha1);
  }

  private void writeCase(String id, String extra, String prompt, String contains)
      throws IOException {
    Files.writeString(
        cases.resolve(id + ".json"),
        """
        {"id": "%s", "prompt": "%s", "expect": {"contains": ["%s"]}%s}
        """
            .formatted(id, prompt, contains, extra.isEmpty() ? "" : ", " + extra));
  }

  private EvalSettings settings(List<String> arms, boolean strict, int parallel) {
    return TestJobs.pinnedSettings(cases, dir, cache, arms, 1, parallel, strict);
  }

  private Map<String, String> env() {
    return TestJobs.fakeAgentEnv(state);
  }

  private Evaluation.Outcome run(EvalSettings settings) throws IOException {
    return Evaluation.run(settings, out, env(), RunListener.NONE, new RunControl());
  }

  /** Pins the whole suite to {@code commit} of alpha. */
  private void pinSuite(String commit) throws IOException {
    Files.writeString(
        cases.resolve("suite.json"), "{\"repo\": \"../../alpha\", \"commit\": \"" + commit + "\"}");
  }

  /** The report of the suite run in the without-mcp arm alone. */
  private Report runWithoutMcp() throws IOException {
    return run(settings(List.of(Arm.WITHOUT_MCP), false, 1)).report();
  }

  /** Why the suite, run in the without-mcp arm ({@code --strict} or not), does not start. */
  private InvalidInputException refused(boolean strict) {
    return assertThrows(
        InvalidInputException.class, () -> run(settings(List.of(Arm.WITHOUT_MCP), strict, 1)));
  }

  private static RunResult result(Report report, String caseId, String arm) {
    return report.rawResults().stream()
        .filter(r -> r.caseId().equals(caseId) && r.arm().equals(arm))
        .findFirst()
        .orElseThrow();
  }

  private int agentStarts() throws IOException {
    return AgentRecord.starts(state);
  }

  @Test
  void aCasePinnedToTheFirstCommitPassesOnlyWithTheFirstCommitsAnswer() throws IOException {
    pinSuite("v1");
    writeCase("first-right", "", "cat=answer.txt", "first answer");
    writeCase("first-wrong", "", "cat=answer.txt", "second answer");
    writeCase(
        "second-right",
        "\"commit\": \"" + alpha2.substring(0, 8) + "\"",
        "cat=answer.txt",
        "second answer");

    Evaluation.Outcome outcome = run(settings(List.of(Arm.WITHOUT_MCP), false, 2));

    Report report = outcome.report();
    assertEquals(RunStatus.PASSED, result(report, "first-right", Arm.WITHOUT_MCP).status());
    assertEquals(RunStatus.FAILED, result(report, "first-wrong", Arm.WITHOUT_MCP).status());
    assertEquals("first answer", result(report, "first-wrong", Arm.WITHOUT_MCP).answer());
    assertEquals(RunStatus.PASSED, result(report, "second-right", Arm.WITHOUT_MCP).status());
    Map<String, CaseTree> trees = report.config().cases();
    assertEquals(alpha1, trees.get("first-right").commit());
    assertEquals("v1", trees.get("first-right").ref());
    assertEquals(alpha2, trees.get("second-right").commit());
    assertEquals(
        GitRepos.git(alpha, "rev-parse", alpha1 + "^{tree}").strip(),
        trees.get("first-right").tree());
    assertEquals(trees, RunManifest.read(out).caseTrees());
    assertTrue(
        outcome.warnings().stream()
            .anyMatch(
                w -> w.contains("first-wrong.json: field 'expect.contains[0]': 'second answer'")),
        "the stale key is named: " + outcome.warnings());
  }

  @Test
  void twoRepositoriesInOneSuiteEachCaseInItsOwnTree() throws IOException {
    Path beta = GitRepos.init(dir.resolve("beta"));
    String beta1 = GitRepos.commit(beta, Map.of("answer.txt", "beta's answer"), "one");
    writeCase(
        "in-alpha",
        "\"repo\": \"../../alpha\", \"commit\": \"" + alpha2 + "\"",
        "cat=answer.txt",
        "second answer");
    writeCase(
        "in-beta",
        "\"repo\": \"../../beta\", \"commit\": \"" + beta1 + "\"",
        "cat=answer.txt",
        "beta's answer");

    Report report = run(settings(List.of(Arm.WITHOUT_MCP), true, 2)).report();

    assertEquals(RunStatus.PASSED, result(report, "in-alpha", Arm.WITHOUT_MCP).status());
    assertEquals(RunStatus.PASSED, result(report, "in-beta", Arm.WITHOUT_MCP).status());
    assertEquals(
        beta.toRealPath().toString(),
        Path.of(report.config().cases().get("in-beta").repo()).toRealPath().toString());
    try (Stream<Path> clones = Files.list(cache)) {
      assertEquals(2, clones.filter(p -> p.toString().endsWith(".git")).count(), "one clone each");
    }
  }

  @Test
  void aStaleKeyStopsAStrictRunBeforeAnyAgentAndNamesFileFieldAndValue() throws IOException {
    pinSuite(alpha1);
    writeCase("stale", "", "cat=answer.txt", "ClaudeCodeSolver");
    writeCase("derived", "\"derived\": [\"42 files\"]", "answer=42 files", "42 files");

    InvalidInputException e = refused(true);

    assertTrue(
        e.getMessage()
            .contains(
                cases.resolve("stale.json") + ": field 'expect.contains[0]': 'ClaudeCodeSolver'"),
        e.getMessage());
    assertFalse(e.getMessage().contains("derived.json"), "a derived key need not occur");
    assertEquals(0, agentStarts());
  }

  @Test
  void theNoRepoControlWorksInAnEmptyDirectoryAndTheReportListsWhatItPasses() throws IOException {
    pinSuite("v1");
    writeCase("needs-the-repo", "", "cat=answer.txt", "first answer");
    writeCase("memorized", "\"derived\": [\"Paris\"]", "answer=Paris", "Paris");

    Report report = run(settings(List.of(Arm.WITHOUT_MCP, Arm.NO_REPO), true, 2)).report();

    assertEquals(RunStatus.PASSED, result(report, "needs-the-repo", Arm.WITHOUT_MCP).status());
    RunResult control = result(report, "needs-the-repo", Arm.NO_REPO);
    assertEquals(RunStatus.FAILED, control.status());
    assertEquals("no answer.txt here", control.answer());
    assertEquals(RunStatus.PASSED, result(report, "memorized", Arm.NO_REPO).status());
    String markdown = Files.readString(out.resolve("report.md"));
    assertContains(markdown, "Passed without the repository", "memorized");
    String html = Files.readString(out.resolve("report.html"));
    assertContains(
        html,
        "<p class=\"control\">Passed without the repository (no-repo): 1 case was answered in"
            + " an empty directory with no MCP server, so the agent knew or guessed the answer:"
            + " memorized.</p>",
        "pinned " + dir.resolve("alpha").toRealPath() + " at ");
  }

  @Test
  void aRunThatChangesItsCheckoutIsInvalidAndTheNextRunSeesTheTreeAsItWas() throws IOException {
    pinSuite("v1");
    writeCase("a-writer", "", "write=answer.txt cat=Main.java", "class Main");
    writeCase("b-reader", "", "cat=answer.txt", "first answer");

    Report report = runWithoutMcp();

    RunResult writer = result(report, "a-writer", Arm.WITHOUT_MCP);
    assertEquals(RunStatus.INVALID, writer.status());
    assertTrue(
        writer.error().contains("changed its checkout") && writer.error().contains("answer.txt"),
        writer.error());
    assertEquals(RunStatus.PASSED, result(report, "b-reader", Arm.WITHOUT_MCP).status());
  }

  @Test
  void theCheckoutsAreGoneWhenTheRunEnds() throws IOException {
    pinSuite("v1");
    writeCase("where", "", "env=PWD", "PWD=");

    Report report = runWithoutMcp();

    String answer = result(report, "where", Arm.WITHOUT_MCP).answer().strip();
    Path workedIn = Path.of(answer.substring("PWD=".length()));
    assertTrue(
        workedIn.toString().contains("repo-search-eval-checkouts-"),
        "it ran in a checkout: " + workedIn);
    assertTrue(Files.exists(alpha.resolve("answer.txt")), "the path test sees files that exist");
    assertFalse(Files.exists(workedIn), workedIn + " is left behind");
    assertFalse(Files.exists(workedIn.getParent()), workedIn.getParent() + " is left behind");
  }

  @Test
  void aCommitNotInTheRepositoryStopsTheRunBeforeAnyAgentAndSaysHowToGetIt() throws IOException {
    writeCase(
        "missing",
        "\"repo\": \"../../alpha\", \"commit\": \"0123456789abcdef0123456789abcdef01234567\"",
        "cat=answer.txt",
        "x");

    InvalidInputException e = refused(false);

    assertTrue(
        e.getMessage().startsWith(cases.resolve("missing.json") + ": field 'commit': "),
        e.getMessage());
    assertTrue(e.getMessage().contains("0123456789abcdef0123456789abcdef01234567"), e.getMessage());
    assertTrue(e.getMessage().contains("git fetch --unshallow"), e.getMessage());
    assertEquals(0, agentStarts());
  }

  @Test
  void aShallowCloneIsToldToFetchItsHistory() throws IOException {
    Path shallow = dir.resolve("shallow");
    GitRepos.git(dir, "clone", "--quiet", "--depth", "1", "file://" + alpha, shallow.toString());
    writeCase(
        "old",
        "\"repo\": \"../../shallow\", \"commit\": \"" + alpha1 + "\"",
        "cat=answer.txt",
        "x");

    InvalidInputException e = refused(false);

    assertTrue(
        e.getMessage()
            .contains(
                "is a shallow clone; run `git -C "
                    + shallow.toAbsolutePath().normalize()
                    + " fetch --unshallow`"),
        e.getMessage());
  }

  @Test
  void anUnreachableUrlStopsTheRunAndNamesIt() throws IOException {
    writeCase(
        "far",
        "\"repo\": \"file:///nonexistent/repo.git\", \"commit\": \"v1\"",
        "cat=answer.txt",
        "x");

    InvalidInputException e = refused(false);

    assertTrue(
        e.getMessage().contains("cannot clone file:///nonexistent/repo.git"), e.getMessage());
    assertEquals(0, agentStarts());
  }

  @Test
  void aCaseWithoutARepoInASuiteOfPinnedReposIsNamedWhenNoRepoOptionIsGiven() throws IOException {
    writeCase(
        "pinned",
        "\"repo\": \"../../alpha\", \"commit\": \"v1\"",
        "cat=answer.txt",
        "first answer");
    writeCase("orphan", "", "cat=answer.txt", "x");

    InvalidInputException e = refused(false);

    assertTrue(e.getMessage().contains(cases.resolve("orphan.json").toString()), e.getMessage());
    assertFalse(e.getMessage().contains("pinned.json"), e.getMessage());
  }

  @Test
  void resumingAfterTheTagMovedRunsTheCaseAgainAtTheNewCommitAndSaysSo() throws IOException {
    pinSuite("v1");
    writeCase("tagged", "", "cat=answer.txt", "answer");
    Report first = runWithoutMcp();
    assertEquals("first answer", result(first, "tagged", Arm.WITHOUT_MCP).answer());
    int before = agentStarts();

    GitRepos.tag(alpha, "v1", alpha2);
    Evaluation.Outcome resumed =
        Evaluation.resume(out, 0, env(), RunListener.NONE, new RunControl());

    assertEquals(before + 1, agentStarts(), "the case ran again");
    assertEquals("second answer", result(resumed.report(), "tagged", Arm.WITHOUT_MCP).answer());
    assertEquals(alpha2, resumed.report().config().cases().get("tagged").commit());
    assertTrue(
        resumed.warnings().stream().anyMatch(w -> w.contains("v1") && w.contains("tag moved")),
        resumed.warnings().toString());
  }

  @Test
  void anUnmovedCommitIsNotRunAgainOnResume() throws IOException {
    pinSuite(alpha1);
    writeCase("still", "", "cat=answer.txt", "first answer");
    run(settings(List.of(Arm.WITHOUT_MCP), false, 1));
    int before = agentStarts();

    Evaluation.resume(out, 0, env(), RunListener.NONE, new RunControl());

    assertEquals(before, agentStarts());
  }

  @Test
  void anUnpinnedRunSaysSoInItsReport() throws IOException {
    writeCase("plain", "", "answer=x", "x");

    Evaluation.run(
        settings(List.of(Arm.WITHOUT_MCP), false, 1),
        out,
        env(),
        RunListener.NONE,
        new RunControl());

    String markdown = Files.readString(out.resolve("report.md"));
    assertTrue(markdown.contains("unpinned"), markdown);
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("unpinned (its working tree as it stood)"), html);
  }
}
