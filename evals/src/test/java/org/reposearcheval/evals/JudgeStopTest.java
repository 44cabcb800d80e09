package org.reposearcheval.evals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.judge.JudgeCache;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.Judgement;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;

/**
 * A run stopped while a judge is grading: by the user (Ctrl-C), by {@code --max-duration}, by
 * {@code --fail-fast}. The judge in flight is killed with its process tree, its run ends {@code
 * cancelled} (so a resumed run does it again), the judgement that was finished stays in the journal
 * and the judge's cache, and a resumed run pays for it no second time. The judge that is stopped
 * sleeps for a minute: a run that waited for it would fail the bounded waits.
 */
class JudgeStopTest {
  /** Longer than any bounded wait below: a judge that was waited for, not killed, fails them. */
  private static final String SLOW = "judge=sleep=60 Names `RunAll`.";

  @TempDir Path dir;
  Path cases;
  Path state;
  Path out;
  TestProcesses processes;
  ExecutorService executor = Executors.newSingleThreadExecutor();

  @BeforeEach
  void setUp() throws IOException {
    cases = Files.createDirectories(dir.resolve("cases"));
    state = Files.createDirectories(dir.resolve("state"));
    out = dir.resolve("out");
    processes = new TestProcesses(dir);
    TestJobs.writeMcpConfig(cases);
    judgedCase("a-quick", "RunAll runs them", "Names `RunAll`.");
    judgedCase("b-slow", "RunAll runs them", SLOW);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    processes.killAll();
  }

  private void judgedCase(String id, String answer, String rubric) throws IOException {
    Files.writeString(
        cases.resolve(id + ".json"),
        """
        {"id": "%s", "prompt": "answer=%s\\nWhich class runs the jobs?",
         "expect": {"rubric": "%s"}}
        """
            .formatted(id, answer, rubric));
  }

  private EvalSettings settings(Policy policy) {
    return TestJobs.fakeAgentSettings(
            cases, dir, List.of(Arm.WITHOUT_MCP), 3, Duration.ofMinutes(2), policy)
        .withJudging(new EvalSettings.Judging(Optional.empty(), 1));
  }

  private Map<String, String> env() {
    return processes.tag(TestJobs.fakeAgentEnv(state));
  }

  /** The prompts of the judges the test agent saw start (it records each process's arguments). */
  private List<String> judgePrompts() throws IOException {
    return AgentRecord.judgePrompts(state);
  }

  private long judgesOf(String rubricWord) throws IOException {
    return judgePrompts().stream().filter(p -> p.contains(rubricWord)).count();
  }

  private static RunResult result(Evaluation.Outcome outcome, String caseId) {
    return outcome.report().rawResults().stream()
        .filter(r -> r.caseId().equals(caseId))
        .findFirst()
        .orElseThrow();
  }

  /** The quick answer judged and kept, the slow one's judge killed and its run cancelled. */
  private void assertStoppedMidJudging(Evaluation.Outcome outcome) throws IOException {
    RunResult quick = result(outcome, "a-quick");
    assertEquals(RunStatus.PASSED, quick.status(), quick.toString());
    assertEquals(Judgement.PASS, quick.judge().verdict());
    RunResult slow = result(outcome, "b-slow");
    assertEquals(RunStatus.CANCELLED, slow.status(), slow.toString());
    List<String> journaled = Journal.read(out).results().stream().map(RunResult::caseId).toList();
    assertTrue(journaled.contains("a-quick"), "the finished judgement is journaled: " + journaled);
    assertFalse(journaled.contains("b-slow"), "the cancelled run is not: " + journaled);
    assertEquals(1, Files.readAllLines(out.resolve(JudgeCache.FILE)).size(), "its vote kept");
    assertTrue(Files.isRegularFile(out.resolve("report.json")));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertEquals(List.of(), processes.alive(), "the judge outlived it"));
  }

  /** Waits until the slow answer's judge is in flight, and the scan of processes sees it. */
  private void awaitSlowJudge() {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> judgesOf("judge=sleep") == 1 && !processes.alive().isEmpty());
  }

  @Test
  void ctrlCWhileAJudgeGradesKillsItKeepsTheFinishedJudgementAndResumeDoesNotPayTwice()
      throws Exception {
    RunControl control = new RunControl();
    Future<Evaluation.Outcome> running =
        executor.submit(
            () -> Evaluation.run(settings(Policy.DEFAULTS), out, env(), RunListener.NONE, control));
    awaitSlowJudge();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.isRegularFile(out.resolve(Journal.FILE)) && lines(out) == 1);

    control.stop(RunControl.INTERRUPTED);
    Evaluation.Outcome outcome = running.get(30, TimeUnit.SECONDS);

    assertTrue(outcome.interrupted(), outcome.stopReason());
    assertStoppedMidJudging(outcome);
    assertEquals(2, judgePrompts().size(), "a judge for each answer, no more");

    // The slow judge made quick, and the run resumed: only the cancelled run is done again.
    // (Another answer than the quick one's: the same answer to the same question and rubric would
    // be taken from the cache.)
    judgedCase("b-slow", "RunAll runs every job", "Names `RunAll`.");
    Evaluation.Outcome resumed =
        Evaluation.resume(out, 2, env(), RunListener.NONE, new RunControl());

    assertEquals(RunStatus.PASSED, result(resumed, "b-slow").status());
    assertEquals(RunStatus.PASSED, result(resumed, "a-quick").status());
    // Three judge runs in all: the quick answer's once, the slow one's killed, then again.
    assertEquals(3, judgePrompts().size(), "the quick answer was not judged a second time");
    assertEquals(2, Journal.read(out).results().size());
    ReportSchemas.assertValid(out);
  }

  private static long lines(Path out) throws IOException {
    return Files.readAllLines(out.resolve(Journal.FILE)).stream().filter(l -> !l.isBlank()).count();
  }

  @Test
  void maxDurationSpentWhileAJudgeGradesKillsItAndKeepsTheFinishedJudgement() throws Exception {
    Policy policy = new Policy(0, false, Optional.of(Duration.ofSeconds(5)), 0);
    long start = System.nanoTime();

    Evaluation.Outcome outcome =
        executor
            .submit(() -> Evaluation.run(settings(policy), out, env(), RunListener.NONE, control()))
            .get(45, TimeUnit.SECONDS);

    assertEquals("max-duration 5s spent", outcome.stopReason());
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(40)) < 0,
        "the run did not wait for the judge's minute");
    assertEquals(1, judgesOf("judge=sleep"), "positive control: the slow judge did start");
    assertStoppedMidJudging(outcome);
  }

  @Test
  void failFastWhileAJudgeGradesKillsItAndKeepsTheFinishedJudgement() throws Exception {
    // The crash comes once the slow answer's judge is grading (two seconds in).
    Files.writeString(
        cases.resolve("c-crash.json"),
        """
        {"id": "c-crash", "prompt": "sleep=2 crash", "expect": {"contains": ["x"]}}
        """);
    Policy policy = new Policy(0, true, Optional.empty(), 0);

    Evaluation.Outcome outcome =
        executor
            .submit(() -> Evaluation.run(settings(policy), out, env(), RunListener.NONE, control()))
            .get(45, TimeUnit.SECONDS);

    assertTrue(outcome.stopReason().startsWith("fail-fast: c-crash"), outcome.stopReason());
    assertEquals(RunStatus.ERROR, result(outcome, "c-crash").status());
    assertEquals(1, judgesOf("judge=sleep"), "positive control: the slow judge did start");
    assertStoppedMidJudging(outcome);
  }

  private static RunControl control() {
    return new RunControl();
  }
}
