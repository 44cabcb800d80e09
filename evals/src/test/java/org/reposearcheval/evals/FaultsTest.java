package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.run.Retries;
import org.reposearcheval.evals.run.Retrying;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Slot;
import org.reposearcheval.evals.suite.Arm;

/** What the harness does with each fault a nightly run meets, through the retrying solver. */
class FaultsTest {
  @TempDir Path dir;
  FakeAgent agent;
  AdaptiveLimit limit;

  @BeforeEach
  void setUp() throws Exception {
    agent = new FakeAgent(dir);
    limit = new AdaptiveLimit(8);
  }

  private RunResult solve(String prompt, Duration timeout, String... contains) {
    return solve(Slot.NONE, prompt, timeout, contains);
  }

  /** One job through the retrying solver (2 retries), holding {@code slot}. */
  private RunResult solve(Slot slot, String prompt, Duration timeout, String... contains) {
    try (AgentSolver solver = agent.solver(timeout)) {
      return new Retrying(
              solver, new Retries(2, Duration.ofMillis(10), limit, MemoryFloor.NONE), agent.output)
          .solve(new Job(0, TestJobs.testCase("c1", prompt, contains), Arm.withoutMcp(), 1), slot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void rateLimitedOnceThenSuccessPassesOnTheSecondAttemptAndKeepsTheFirstTranscript() {
    RunResult result = solve("flaky=429 answer=ok", Duration.ofSeconds(30), "ok");

    assertEquals(RunStatus.PASSED, result.status(), result.error());
    assertEquals(2, result.attempts());
    assertTrue(Files.exists(agent.output.resolve("transcripts/without-mcp/c1-1.attempt1.jsonl")));
    assertEquals(4, limit.current(), "one push-back halves the runs allowed in flight");
  }

  @Test
  void aRetriedRunGivesItsSlotUpWhileBackingOffAndTakesItAgainToRunAgain() throws Exception {
    // The slot is the run's place among the runs in flight: given up once each attempt's agent has
    // ended (none of it still running), taken again before the next attempt starts.
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    Slot recording =
        new Slot() {
          @Override
          public void release() {
            try {
              events.add("release, agents running: " + agent.running());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }

          @Override
          public void acquire() {
            events.add("acquire");
          }
        };
    RunResult result = solve(recording, "flaky=429 answer=ok", Duration.ofSeconds(30), "ok");

    assertEquals(RunStatus.PASSED, result.status(), result.error());
    assertEquals(
        List.of("release, agents running: 0", "acquire", "release, agents running: 0"), events);
  }

  @Test
  void overloadedForeverIsAnErrorAfterEveryRetry() {
    RunResult result = solve("api-error=529 answer=overloaded", Duration.ofSeconds(30), "ok");

    assertEquals(RunStatus.ERROR, result.status());
    assertEquals(3, result.attempts());
    assertTrue(result.error().contains("API status 529"), result.error());
    assertEquals(1, limit.current());
  }

  @Test
  void agentThatDiesWithoutAResultIsRetried() {
    RunResult result = solve("crash", Duration.ofSeconds(30), "ok");

    assertEquals(RunStatus.ERROR, result.status());
    assertEquals(3, result.attempts());
    assertEquals(8, limit.current(), "a crash is not the API pushing back");
  }

  /** A timeout and a wrong answer are never retried. */
  @ParameterizedTest
  @CsvSource({"hang, 500, ok, TIMEOUT", "answer=wrong, 30000, right, FAILED"})
  void neitherATimeoutNorAWrongAnswerIsRetried(
      String prompt, long timeoutMillis, String expected, RunStatus status) {
    RunResult result = solve(prompt, Duration.ofMillis(timeoutMillis), expected);

    assertEquals(status, result.status());
    assertEquals(1, result.attempts());
  }

  @Test
  void endlessOutputIsStoppedAtTheLimitAndTheDiskStaysBounded() throws Exception {
    RunResult result = solve("print=200 answer=ok", Duration.ofSeconds(60), "ok");

    assertEquals(RunStatus.ERROR, result.status());
    assertEquals(1, result.attempts());
    assertTrue(result.error().startsWith("printed more than 64 MB"), result.error());
    long size = Files.size(agent.output.resolve(result.transcript()));
    assertTrue(size <= AgentSolver.MAX_TRANSCRIPT_BYTES, "transcript of " + size + " bytes");
    assertEquals(0, agent.running());
  }

  @Test
  void garbageAroundTheStreamStillPasses() {
    RunResult result = solve("garbage answer=ok", Duration.ofSeconds(30), "ok");
    assertEquals(RunStatus.PASSED, result.status(), result.error());
  }

  @Test
  void grandchildThatIgnoresSigtermDiesWithTheTimeout() throws Exception {
    RunResult result = solve("grandchild hang", Duration.ofMillis(500), "ok");

    assertEquals(RunStatus.TIMEOUT, result.status());
    for (long pid : agent.grandchildren()) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
  }

  @Test
  void answerStandsWhenAGrandchildKeepsTheOutputOpenAfterTheAgentExits() throws Exception {
    RunResult result = solve("holder answer=ok", Duration.ofSeconds(60), "ok");

    assertEquals(RunStatus.PASSED, result.status(), result.error());
    assertEquals(0, result.exitCode());
    for (long pid : agent.grandchildren()) {
      assertFalse(
          ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "the grandchild holding the output was killed");
    }
  }
}
