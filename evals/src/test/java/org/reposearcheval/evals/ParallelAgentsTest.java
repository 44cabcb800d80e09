package org.reposearcheval.evals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunAll;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.TestCase;

/**
 * RunAll with real agent processes: the test agent marks itself while it runs and holds until
 * released, so the number of live agent processes can be watched from outside.
 */
class ParallelAgentsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void exactlyParallelAgentProcessesRunAtOnce(int parallel) throws Exception {
    FakeAgent agent = new FakeAgent(dir);
    List<Job> jobs = TestJobs.jobs(5, "hold answer=fake");
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicReference<List<RunResult>> results = new AtomicReference<>();
    AgentSolver solver = agent.solver(Duration.ofSeconds(60));
    Thread runner =
        Thread.ofVirtual()
            .start(() -> results.set(RunAll.run(jobs, parallel, solver, RunListener.NONE)));

    await().atMost(Duration.ofSeconds(20)).until(() -> agent.running() == parallel);
    // Held: no more may start while these wait.
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(3))
        .until(
            () -> {
              int running = agent.running();
              maxRunning.accumulateAndGet(running, Math::max);
              return running == parallel;
            });
    agent.release();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              maxRunning.accumulateAndGet(agent.running(), Math::max);
              return !runner.isAlive();
            });

    assertEquals(parallel, maxRunning.get());
    assertEquals(10, results.get().size());
    assertTrue(
        results.get().stream().allMatch(r -> r.status() == RunStatus.PASSED),
        results.get().toString());
    for (int i = 0; i < jobs.size(); i++) {
      assertEquals(i, results.get().get(i).index());
    }
    solver.close();
  }

  @Test
  void eachRunInFlightHasItsOwnConfigDirAndTheyAreReusedThenRemoved() throws Exception {
    FakeAgent agent = new FakeAgent(dir);
    List<TestCase> cases = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      cases.add(
          TestJobs.testCase("case-" + i, "hold env=CLAUDE_CONFIG_DIR", "CLAUDE_CONFIG_DIR=/"));
    }
    List<Job> jobs = Plan.jobs(cases, List.of(Arm.withoutMcp()), 1);
    AtomicReference<List<RunResult>> results = new AtomicReference<>();
    Set<String> dirs;
    try (AgentSolver solver = agent.solver(Duration.ofSeconds(60))) {
      Thread runner =
          Thread.ofVirtual()
              .start(() -> results.set(RunAll.run(jobs, 3, solver, RunListener.NONE)));
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.running() == 3);
      agent.release();
      await().atMost(Duration.ofSeconds(30)).until(() -> !runner.isAlive());

      assertTrue(
          results.get().stream().allMatch(r -> r.status() == RunStatus.PASSED),
          results.get().toString());
      dirs =
          results.get().stream()
              .map(r -> r.answer().strip().substring("CLAUDE_CONFIG_DIR=".length()))
              .collect(Collectors.toSet());
      assertEquals(3, dirs.size(), "three held at once, each its own, then reused: " + dirs);
      dirs.forEach(d -> assertTrue(Files.isDirectory(Path.of(d)), d));
    }
    dirs.forEach(d -> assertFalse(Files.exists(Path.of(d)), "removed with the solver: " + d));
  }
}
