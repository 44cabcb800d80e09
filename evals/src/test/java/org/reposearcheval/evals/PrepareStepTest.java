package org.reposearcheval.evals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * An MCP server that answers from an index built by its prepare step ({@code
 * src/test/mcp/indexing-server.js}), run by the harness with the test agent, which reads the index
 * file itself ({@code cat=.test-index/symbols.json}) where an agent would ask the server: what the
 * prepare step wrote is there for the arm given the server and for no other arm.
 */
class PrepareStepTest extends SuiteDirs {
  PrepareStepTest() {
    super("suite/cases");
  }

  static final Path INDEXER = Path.of("src/test/mcp/indexing-server.js").toAbsolutePath();
  static final String INDEX = ".test-index/symbols.json";

  Path indexState;
  Path alpha;
  String alpha1;
  String alpha2;
  TestProcesses processes;
  final Map<String, String> extraEnv = new HashMap<>();

  @BeforeEach
  void repository() throws IOException {
    indexState = Files.createDirectories(dir.resolve("index-state"));
    alpha = GitRepos.init(dir.resolve("alpha"));
    alpha1 = GitRepos.commit(alpha, Map.of("src/Main.java", "class Main {}\n"), "one");
    alpha2 = GitRepos.commit(alpha, Map.of("src/Widget.java", "class WidgetFactory {}\n"), "two");
    processes = new TestProcesses(dir);
  }

  @AfterEach
  void nothingLeft() {
    processes.killAll();
  }

  /** The indexing server, its prepare step indexing the checkout, its state in the server's env. */
  private void mcpConfig(String extraServerEnv) throws IOException {
    Files.writeString(
        cases.resolve("mcp.json"),
        """
        {"mcpServers": {"index": {
          "command": "%s", "args": ["serve", "${REPO}"],
          "env": {"INDEX_STATE": "%s"%s},
          "prepare": {"command": "%s", "args": ["index", "${REPO}"]}
        }}}
        """
            .formatted(INDEXER, indexState, extraServerEnv, INDEXER));
  }

  private void writeCase(String id, String pin, String prompt, String contains) throws IOException {
    Files.writeString(
        cases.resolve(id + ".json"),
        """
        {"id": "%s", "prompt": "%s", "expect": {"contains": ["%s"]}, %s}
        """
            .formatted(id, prompt, contains, pin));
  }

  private String pin(Path repo, String commit) {
    return "\"repo\": \"" + repo + "\", \"commit\": \"" + commit + "\"";
  }

  private EvalSettings settings(int runs, int parallel, EvalSettings.Prepare prepare) {
    EvalSettings s =
        TestJobs.pinnedSettings(
            cases, dir, cache, List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), runs, parallel, false);
    return new EvalSettings(s.suite(), s.agent(), s.schedule(), s.perRun(), s.policy(), prepare);
  }

  private Map<String, String> env() {
    Map<String, String> env = TestJobs.fakeAgentEnv(state);
    env.putAll(extraEnv);
    return processes.tag(env);
  }

  private Evaluation.Outcome run(EvalSettings settings, Path out) throws IOException {
    return Evaluation.run(settings, out, env(), RunListener.NONE, new RunControl());
  }

  /** The checkouts the prepare step indexed, one line each time it ran. */
  private List<String> indexed() throws IOException {
    Path file = indexState.resolve("indexed");
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  private int agentStarts() throws IOException {
    return AgentRecord.starts(state);
  }

  private static List<RunResult> runs(Report report, String caseId, String arm) {
    return report.rawResults().stream()
        .filter(r -> r.caseId().equals(caseId) && r.arm().equals(arm))
        .toList();
  }

  @Test
  void preparedOncePerCheckoutAcrossRunsAndRepetitionsTimedApartAndOnlyTheArmWithTheServerSeesIt()
      throws IOException {
    extraEnv.put("INDEX_SLEEP_MS", "1500");
    mcpConfig("");
    writeCase("main-1", pin(alpha, alpha1), "cat=" + INDEX, "src/Main.java:1");
    writeCase("main-2", pin(alpha, alpha1), "cat=" + INDEX, "\\\"Main\\\"");
    writeCase("widget", pin(alpha, alpha2), "cat=" + INDEX, "src/Widget.java:1");

    Evaluation.Outcome outcome = run(settings(2, 2, EvalSettings.Prepare.DEFAULTS), out);
    Report report = outcome.report();

    List<String> indexed = indexed();
    assertEquals(2, indexed.size(), "once per checkout, over 3 cases × 2 runs: " + indexed);
    assertEquals(2, indexed.stream().distinct().count(), indexed.toString());
    for (String caseId : List.of("main-1", "main-2", "widget")) {
      for (RunResult r : runs(report, caseId, Arm.WITH_MCP)) {
        // Positive control: the index is there for the arm given the server, and the files the
        // prepare step wrote are not the run's change to its checkout.
        assertEquals(RunStatus.PASSED, r.status(), caseId + ": " + r.error() + " " + r.answer());
      }
      for (RunResult r : runs(report, caseId, Arm.WITHOUT_MCP)) {
        assertEquals(RunStatus.FAILED, r.status(), caseId);
        assertEquals("no " + INDEX + " here", r.answer(), "the baseline never sees the index");
      }
    }
    List<Preparation> preparations = report.timing().preparations();
    assertEquals(2, preparations.size(), preparations.toString());
    for (Preparation p : preparations) {
      assertEquals(Preparation.PREPARED, p.status());
      assertEquals("index", p.server());
      assertEquals(List.of(Arm.WITH_MCP), p.arms());
      assertEquals(0, p.exitCode());
      assertTrue(
          p.output().contains("indexed 1 files") || p.output().contains("indexed 2 files"),
          p.output());
      assertTrue(p.durationMs() >= 1500, "the step's own time: " + p.durationMs());
    }
    long slowest =
        report.rawResults().stream().mapToLong(RunResult::durationMs).max().orElseThrow();
    long sum = report.rawResults().stream().mapToLong(RunResult::durationMs).sum();
    assertEquals(sum, report.timing().sumRunMs());
    assertTrue(
        slowest < 1500,
        "no run's duration holds the 1.5 s prepare step it waited for: " + slowest + " ms");
    assertEquals(preparations, RunManifest.read(out).preparations());
    ReportSchemas.assertValid(out);
    String md = Files.readString(out.resolve("report.md"));
    assertContains(md, "## Prepare steps", "- index: prepared 2 checkouts, median ");
    assertTrue(
        md.contains("| setup: prepare steps (total, once per checkout) |"),
        "the arm's setup beside its per-run costs: " + md);
    try (Stream<Path> logs = Files.list(out.resolve("prepare"))) {
      assertEquals(4, logs.count(), "each step's stdout and stderr are kept");
    }
  }

  @Test
  void noAgentIsGivenThePrepareStep() throws IOException {
    mcpConfig("");
    writeCase("config", pin(alpha, alpha1), "show-mcp", "serve");

    Report report = run(settings(1, 1, EvalSettings.Prepare.DEFAULTS), out).report();

    RunResult withMcp = runs(report, "config", Arm.WITH_MCP).getFirst();
    assertEquals(RunStatus.PASSED, withMcp.status(), withMcp.error());
    assertTrue(withMcp.answer().contains("\"serve\""), withMcp.answer());
    assertFalse(withMcp.answer().contains("\"prepare\""), withMcp.answer());
    assertFalse(
        withMcp.answer().contains("\"index\","),
        "the prepare command's arguments: " + withMcp.answer());
  }

  @Test
  void aFailingPrepareVoidsOnlyItsCheckoutsRunsInThatArmWithItsOwnOutput() throws IOException {
    Path broken = GitRepos.init(dir.resolve("broken"));
    String broken1 =
        GitRepos.commit(
            broken,
            Map.of("unindexable.txt", "the parser chokes on Odd.java", "Odd.java", "class Odd {}"),
            "one");
    mcpConfig("");
    writeCase("in-broken-1", pin(broken, broken1), "cat=Odd.java", "class Odd");
    writeCase("in-broken-2", pin(broken, broken1), "cat=Odd.java", "class Odd");
    writeCase("in-alpha", pin(alpha, alpha1), "cat=" + INDEX, "src/Main.java:1");

    Report report = run(settings(2, 2, EvalSettings.Prepare.DEFAULTS), out).report();

    for (String caseId : List.of("in-broken-1", "in-broken-2")) {
      for (RunResult r : runs(report, caseId, Arm.WITH_MCP)) {
        assertEquals(RunStatus.INVALID, r.status(), caseId);
        assertTrue(r.error().contains("cannot index: the parser chokes on Odd.java"), r.error());
        assertTrue(r.error().contains("'index' failed (exit code 3)"), r.error());
        assertNull(r.transcript(), "its agent never started");
      }
      for (RunResult r : runs(report, caseId, Arm.WITHOUT_MCP)) {
        assertEquals(RunStatus.PASSED, r.status(), "the baseline goes on: " + r.error());
      }
    }
    for (RunResult r : runs(report, "in-alpha", Arm.WITH_MCP)) {
      assertEquals(RunStatus.PASSED, r.status(), "another checkout goes on: " + r.error());
    }
    assertEquals(12 - 4, agentStarts(), "no agent for the 4 runs of the checkout that failed");
    assertEquals(2, indexed().size(), "each checkout tried once: " + indexed());
    Preparation failed =
        report.timing().preparations().stream().filter(p -> !p.ok()).findFirst().orElseThrow();
    assertEquals(Preparation.FAILED, failed.status());
    assertEquals(3, failed.exitCode());
    assertTrue(
        failed.output().contains("reading ") && failed.output().contains("cannot index"),
        failed.output());
    String md = Files.readString(out.resolve("report.md"));
    assertContains(md, "1 failed", "cannot index: the parser chokes on Odd.java");
    String html = Files.readString(out.resolve("report.html"));
    assertContains(
        html, "<section><h2>Prepare steps</h2>", "cannot index: the parser chokes on Odd.java");
  }

  private CompletableFuture<Evaluation.Outcome> runAside(
      EvalSettings settings, RunControl control) {
    Map<String, String> env = env();
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return Evaluation.run(settings, out, env, RunListener.NONE, control);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        },
        task -> Thread.ofPlatform().name("evaluation").start(task));
  }

  private long running(String what) throws IOException {
    Path marks = indexState.resolve(what);
    if (!Files.isDirectory(marks)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(marks)) {
      return files.count();
    }
  }

  private long journaled() throws IOException {
    Path journal = out.resolve("results.jsonl");
    return Files.exists(journal) ? Files.readAllLines(journal).size() : 0;
  }

  @Test
  void twoCheckoutsArePreparedSideBySideWhileTheBaselineRunsGoOn() throws Exception {
    Path release = dir.resolve("release");
    extraEnv.put("INDEX_HOLD", release.toString());
    mcpConfig("");
    writeCase("a", pin(alpha, alpha1), "cat=" + INDEX, "src/Main.java:1");
    writeCase("b", pin(alpha, alpha2), "cat=" + INDEX, "src/Widget.java:1");

    CompletableFuture<Evaluation.Outcome> outcome =
        runAside(settings(1, 3, EvalSettings.Prepare.DEFAULTS), new RunControl());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> running("indexing") == 2 && journaled() == 2);
    Files.writeString(release, "");
    Report report = outcome.get(60, java.util.concurrent.TimeUnit.SECONDS).report();

    assertEquals(RunStatus.PASSED, runs(report, "a", Arm.WITH_MCP).getFirst().status());
    assertEquals(RunStatus.PASSED, runs(report, "b", Arm.WITH_MCP).getFirst().status());
    assertEquals(2, indexed().size(), indexed().toString());
  }

  @Test
  void ctrlCDuringAPrepareStepKillsItWithItsTree() throws Exception {
    extraEnv.put("INDEX_HOLD", dir.resolve("never").toString());
    mcpConfig("");
    writeCase("a", pin(alpha, alpha1), "cat=" + INDEX, "src/Main.java:1");
    RunControl control = new RunControl();

    CompletableFuture<Evaluation.Outcome> outcome =
        runAside(settings(1, 1, EvalSettings.Prepare.DEFAULTS), control);
    // Positive control: the step and the child it started are seen running first.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> running("indexing") == 1 && Files.exists(indexState.resolve("children")));
    long child = Long.parseLong(Files.readString(indexState.resolve("children")).strip());
    assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
    assertFalse(processes.alive().isEmpty());
    control.stop(RunControl.INTERRUPTED);
    Evaluation.Outcome stopped = outcome.get(60, java.util.concurrent.TimeUnit.SECONDS);

    assertTrue(stopped.interrupted());
    stopped.report().rawResults().forEach(r -> assertEquals(RunStatus.CANCELLED, r.status()));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertEquals(List.of(), processes.alive()));
    assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
    assertEquals(0, agentStarts());
  }

  @Test
  void aPrepareStepThatOutlivesItsTimeoutIsKilledAndItsRunsAreInvalid() throws IOException {
    extraEnv.put("INDEX_HOLD", dir.resolve("never").toString());
    mcpConfig("");
    writeCase("a", pin(alpha, alpha1), "cat=src/Main.java", "class Main");

    Report report =
        run(settings(1, 1, new EvalSettings.Prepare(Duration.ofSeconds(1), false)), out).report();

    RunResult withMcp = runs(report, "a", Arm.WITH_MCP).getFirst();
    assertEquals(RunStatus.INVALID, withMcp.status());
    assertTrue(withMcp.error().contains("'index' timed out"), withMcp.error());
    assertTrue(
        withMcp.error().contains("no end within the 1s --prepare-timeout; process tree killed"),
        withMcp.error());
    assertTrue(withMcp.error().contains("indexing "), "its output: " + withMcp.error());
    assertEquals(RunStatus.PASSED, runs(report, "a", Arm.WITHOUT_MCP).getFirst().status());
    long child = Long.parseLong(Files.readString(indexState.resolve("children")).strip());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
  }

  @Test
  void aPreparedCheckoutIsReusedFromTheCacheUntilChangedOrRebuiltOnRequest() throws IOException {
    mcpConfig("");
    writeCase("a", pin(alpha, alpha1), "cat=" + INDEX, "src/Main.java:1");
    EvalSettings settings = settings(1, 1, EvalSettings.Prepare.DEFAULTS);

    run(settings, dir.resolve("first"));
    Report second = run(settings, dir.resolve("second")).report();

    assertEquals(1, indexed().size(), "the second run reused the first's: " + indexed());
    assertEquals(RunStatus.PASSED, runs(second, "a", Arm.WITH_MCP).getFirst().status());
    Preparation reused = second.timing().preparations().getFirst();
    assertEquals(Preparation.CACHED, reused.status());
    assertTrue(reused.output().startsWith("reused the checkout prepared at "), reused.output());
    assertTrue(
        Files.readString(dir.resolve("second/report.md")).contains("reused 1 checkout"),
        "report.md says so");

    run(
        settings(1, 1, new EvalSettings.Prepare(EvalSettings.Prepare.DEFAULT_TIMEOUT, true)),
        dir.resolve("third"));
    assertEquals(2, indexed().size(), "--no-prepare-cache prepares it again");

    Path tree;
    try (Stream<Path> trees = Files.list(cache.resolve("prepared"))) {
      tree = trees.filter(Files::isDirectory).findFirst().orElseThrow().resolve("tree");
    }
    Files.writeString(tree.resolve("src/Main.java"), "class Changed {}\n");
    Report fourth = run(settings, dir.resolve("fourth")).report();
    assertEquals(3, indexed().size(), "a cached checkout that was changed is prepared again");
    assertEquals(RunStatus.PASSED, runs(fourth, "a", Arm.WITH_MCP).getFirst().status());
  }

  @Test
  void aResumedRunReusesThePreparedCheckoutAndKeepsTheFirstRecord() throws IOException {
    mcpConfig("");
    writeCase("a", pin(alpha, alpha1), "cat=" + INDEX, "src/Main.java:1");
    run(settings(1, 1, EvalSettings.Prepare.DEFAULTS), out);
    Path journal = out.resolve("results.jsonl");
    Files.write(
        journal,
        Files.readAllLines(journal).stream().filter(l -> !l.contains(Arm.WITH_MCP)).toList());

    Report resumed = Evaluation.resume(out, 0, env(), RunListener.NONE, new RunControl()).report();

    assertEquals(1, indexed().size(), indexed().toString());
    assertEquals(RunStatus.PASSED, runs(resumed, "a", Arm.WITH_MCP).getFirst().status());
    assertEquals(
        List.of(Preparation.PREPARED, Preparation.CACHED),
        RunManifest.read(out).preparations().stream().map(Preparation::status).toList());
    assertEquals(
        List.of(Preparation.PREPARED, Preparation.CACHED),
        resumed.timing().preparations().stream().map(Preparation::status).toList());
  }

  @Test
  void aPrepareStepNeedsPinnedCases() throws IOException {
    mcpConfig("");
    writeCase("unpinned", "\"tags\": []", "cat=src/Main.java", "class Main");
    EvalSettings pinnedOnly = settings(1, 1, EvalSettings.Prepare.DEFAULTS);
    EvalSettings settings =
        new EvalSettings(
            pinnedOnly.suite(),
            new EvalSettings.Agent(
                alpha,
                FakeAgent.SCRIPT.toString(),
                "claude",
                Optional.empty(),
                Optional.of(cache),
                true),
            pinnedOnly.schedule(),
            pinnedOnly.perRun(),
            pinnedOnly.policy());

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(settings, out));

    assertTrue(e.getMessage().contains("have a prepare step"), e.getMessage());
    assertTrue(e.getMessage().contains("unpinned.json"), e.getMessage());
    assertEquals(0, agentStarts());
    assertEquals(List.of(), indexed());
  }
}
