package org.reposearcheval.evals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    Thread runner =
        Thread.ofVirtual()
            .start(
                () ->
                    results.set(
                        RunAll.run(
                            jobs,
                            parallel,
                            agent.solver(Duration.ofSeconds(60)),
                            RunListener.NONE)));

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
  }
}
