package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.util.InvalidInputException;

/** Nothing finished is lost: the journal, and a resumed run that keeps what it has. */
class JournalAndResumeTest extends SuiteDirs {

  @BeforeEach
  void writeSuite() throws IOException {
    writeCase("a", "answer=alpha", "alpha");
    writeCase("b", "answer=beta", "beta");
    writeCase("c", "answer=gamma", "gamma");
  }

  private void writeCase(String id, String prompt, String contains) throws IOException {
    TestJobs.writeCase(cases, id, prompt, contains);
  }

  private EvalSettings settings(Policy policy) {
    return TestJobs.fakeAgentSettings(
        cases, dir, List.of(Arm.WITHOUT_MCP), 2, Duration.ofSeconds(30), policy);
  }

  private Map<String, String> env() {
    return TestJobs.fakeAgentEnv(state);
  }

  private int agentStarts() throws IOException {
    return AgentRecord.starts(state);
  }

  @Test
  void everyFinishedRunIsJournaledAndTheReportIsDerivedFromIt() throws Exception {
    Evaluation.Outcome outcome =
        Evaluation.run(settings(Policy.DEFAULTS), out, env(), RunListener.NONE, new RunControl());

    Journal.Contents journal = Journal.read(out);
    assertEquals(3, journal.results().size());
    // The journal is in the order runs finished; the report in index order.
    assertEquals(
        outcome.report().rawResults(),
        journal.results().stream()
            .sorted(java.util.Comparator.comparingInt(RunResult::index))
            .toList());
    assertTrue(Files.exists(out.resolve(RunManifest.FILE)));
    assertNull(outcome.stopReason());
    ReportSchemas.assertValid(out);
  }

  @Test
  void resumeKeepsJournaledRunsRerunsChangedCasesAndRunsTheRest() throws Exception {
    Evaluation.run(settings(Policy.DEFAULTS), out, env(), RunListener.NONE, new RunControl());
    int startsBefore = agentStarts();
    // Lose c's result (as if the harness died before it finished) and change b.
    List<String> lines = Files.readAllLines(out.resolve(Journal.FILE));
    Files.write(
        out.resolve(Journal.FILE),
        lines.stream().filter(l -> !l.contains("\"caseId\":\"c\"")).toList());
    writeCase("b", "answer=beta2", "beta2");

    Evaluation.Outcome resumed =
        Evaluation.resume(out, 0, env(), RunListener.NONE, new RunControl());

    assertEquals(
        startsBefore + 2, agentStarts(), "b changed and c was missing: two runs, not three");
    List<RunResult> results = resumed.report().rawResults();
    assertEquals(List.of("a", "b", "c"), results.stream().map(RunResult::caseId).toList());
    assertEquals("beta2", results.get(1).answer());
    assertTrue(results.stream().allMatch(r -> r.status() == RunStatus.PASSED));
    assertEquals(3, Journal.read(out).results().size(), "the stale line for b is gone");
    ReportSchemas.assertValid(out);
  }

  @Test
  void tornLastLineIsDroppedWithAWarningAndTheRunIsDoneAgain() throws Exception {
    Evaluation.run(settings(Policy.DEFAULTS), out, env(), RunListener.NONE, new RunControl());
    List<String> lines = Files.readAllLines(out.resolve(Journal.FILE));
    String torn = lines.get(2).substring(0, lines.get(2).length() / 2);
    Files.writeString(out.resolve(Journal.FILE), lines.get(0) + "\n" + lines.get(1) + "\n" + torn);

    Evaluation.Outcome resumed =
        Evaluation.resume(out, 0, env(), RunListener.NONE, new RunControl());

    assertEquals(1, resumed.warnings().size(), resumed.warnings().toString());
    assertTrue(resumed.warnings().get(0).contains("torn"), resumed.warnings().toString());
    assertEquals(
        3,
        resumed.report().rawResults().stream().filter(r -> r.status() == RunStatus.PASSED).count());
    assertEquals(3, Files.readAllLines(out.resolve(Journal.FILE)).size());
  }

  @Test
  void journalOpenCutsATornTailSoTheNextLineStandsAlone() throws Exception {
    Files.createDirectories(out);
    Files.writeString(
        out.resolve(Journal.FILE), "{\"index\":0}\n{\"inde", StandardOpenOption.CREATE);
    try (Journal journal = Journal.open(out)) {
      journal.append(TestJobs.passed(TestJobs.jobs(1, "p").get(0)));
    }
    List<String> lines = Files.readAllLines(out.resolve(Journal.FILE));
    assertEquals(2, lines.size());
    assertTrue(lines.get(1).startsWith("{\"index\":0,\"caseId\":\"case-000\""), lines.get(1));
  }

  @Test
  void runsFinishingTogetherAreEachJournaledWholeOnce() throws Exception {
    Files.createDirectories(out);
    List<Job> jobs = TestJobs.jobs(200, "p");
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    try (Journal journal = Journal.open(out)) {
      List<Future<?>> appends = new ArrayList<>();
      for (Job job : jobs) {
        appends.add(
            threads.submit(
                () -> {
                  journal.append(TestJobs.passed(job));
                  return null;
                }));
      }
      for (Future<?> append : appends) {
        append.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    List<RunResult> read = Journal.read(out).results();
    assertEquals(jobs.size(), read.size());
    assertEquals(
        jobs.stream().map(Job::index).collect(Collectors.toSet()),
        read.stream().map(RunResult::index).collect(Collectors.toSet()));
  }

  @Test
  void damagedLineInTheMiddleIsAnErrorNotASilentLoss() throws Exception {
    Files.createDirectories(out);
    Files.writeString(out.resolve(Journal.FILE), "garbage\n{}\n");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Journal.read(out));
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
  }

  @Test
  void failFastCancelsTheRestAtTheFirstInfrastructureError() throws Exception {
    // b and c hold until cancelled: a's slot goes to c as soon as a's agent ends, before its
    // error is judged, so a c that could answer at once would race the fail-fast and sometimes
    // pass (seen under load). Held, it ends cancelled whether it started or not.
    writeCase("a", "crash", "x");
    writeCase("b", "hold answer=beta", "beta");
    writeCase("c", "hold answer=gamma", "gamma");
    Policy policy = new Policy(0, true, Optional.empty(), 0);

    Evaluation.Outcome outcome =
        Evaluation.run(settings(policy), out, env(), RunListener.NONE, new RunControl());

    assertTrue(outcome.stopReason().startsWith("fail-fast: a without-mcp"), outcome.stopReason());
    List<RunStatus> statuses =
        outcome.report().rawResults().stream().map(RunResult::status).toList();
    assertEquals(List.of(RunStatus.ERROR, RunStatus.CANCELLED, RunStatus.CANCELLED), statuses);
  }

  @Test
  void spentBudgetCancelsUnfinishedRunsAndStillWritesTheReport() throws Exception {
    writeCase("b", "hold answer=beta", "beta");
    writeCase("c", "hold answer=gamma", "gamma");
    Policy policy = new Policy(0, false, Optional.of(Duration.ofSeconds(1)), 0);

    Evaluation.Outcome outcome =
        Evaluation.run(settings(policy), out, env(), RunListener.NONE, new RunControl());

    assertEquals("max-duration 1s spent", outcome.stopReason());
    List<RunStatus> statuses =
        outcome.report().rawResults().stream().map(RunResult::status).toList();
    assertEquals(List.of(RunStatus.PASSED, RunStatus.CANCELLED, RunStatus.CANCELLED), statuses);
    assertTrue(Files.exists(out.resolve(ReportWriter.JSON)));
    assertEquals(1, Journal.read(out).results().size(), "cancelled runs are not journaled");
  }
}
