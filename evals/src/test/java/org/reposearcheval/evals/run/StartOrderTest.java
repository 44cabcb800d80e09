package org.reposearcheval.evals.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reposearcheval.evals.TestJobs;

/** Longest expected first, unknown first of all; results stay in the plan's order. */
class StartOrderTest {
  @TempDir Path dir;

  @Test
  void unknownJobsFirstThenLongestFirstTiesInPlanOrder() {
    List<Job> jobs = TestJobs.jobs(3, "c"); // 3 cases × 2 arms
    // Expected: 0 → 100, 1 → unknown, 2 → 900, 3 → 100, 4 → unknown, 5 → 300.
    Map<Integer, Double> expected = new HashMap<>(Map.of(0, 100.0, 2, 900.0, 3, 100.0, 5, 300.0));

    int[] order = StartOrder.longestFirst(jobs, job -> expected.get(job.index()));

    assertArrayEquals(new int[] {1, 4, 2, 5, 0, 3}, order);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, StartOrder.planned(6));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void jobsStartInTheGivenOrderAndResultsStayInPlanOrder(int parallel) throws Exception {
    List<Job> jobs = TestJobs.jobs(3, "c"); // 3 cases × 2 arms
    int[] order = {5, 3, 1, 0, 2, 4};
    RunAllTest.GatedSolver solver = new RunAllTest.GatedSolver();
    AtomicReference<List<RunResult>> results = new AtomicReference<>();
    Thread runner =
        Thread.ofVirtual()
            .start(
                () ->
                    results.set(
                        RunAll.run(
                            jobs, order, new AdaptiveLimit(parallel), solver, RunListener.NONE)));

    // The first `parallel` of the order are the ones in flight, whichever thread got there first.
    await().atMost(Duration.ofSeconds(10)).until(() -> solver.inFlight.get() == parallel);
    Set<Integer> first = new HashSet<>(solver.startOrder);
    Set<Integer> expected = new HashSet<>();
    for (int i = 0; i < parallel; i++) {
      expected.add(order[i]);
    }
    assertEquals(expected, first);
    solver.release.countDown();
    runner.join(TimeUnit.SECONDS.toMillis(30));

    if (parallel == 1) {
      assertEquals(List.of(5, 3, 1, 0, 2, 4), solver.startOrder);
    }
    assertEquals(
        List.of(0, 1, 2, 3, 4, 5), results.get().stream().map(r -> r.key().index()).toList());
  }

  @Test
  void historyIsTheMeanDurationByCaseAndArmOfTheRunsThatSayHowLongACaseTakes() throws Exception {
    // c0: 1000 and 3000 ms (mean 2000); c1: one passed run of 500 ms, one cancelled of 10 ms
    // (not counted); c2 only invalid: unknown.
    Path earlier = Files.createDirectories(dir.resolve("earlier"));
    try (Journal journal = Journal.open(earlier)) {
      List<Job> jobs = TestJobs.jobs(3, "c"); // jobs 0, 2, 4: the three cases with MCP
      journal.append(RunResultBuilder.of(jobs.get(0)).durationMs(1000).build());
      journal.append(RunResultBuilder.of(jobs.get(0)).durationMs(3000).build());
      journal.append(RunResultBuilder.of(jobs.get(2)).durationMs(500).build());
      journal.append(RunResult.cancelled(jobs.get(2), 10, "stopped"));
      journal.append(
          RunResultBuilder.of(jobs.get(4)).status(RunStatus.INVALID).durationMs(50).build());
    }

    History history = History.read(earlier);
    List<Job> jobs = TestJobs.jobs(3, "c");

    assertEquals(2000.0, history.expectedMs(jobs.get(0)));
    assertEquals(500.0, history.expectedMs(jobs.get(2)));
    assertEquals(null, history.expectedMs(jobs.get(4)));
    assertEquals(null, history.expectedMs(jobs.get(1)), "the same case without MCP never ran");
  }

  @Test
  void theLatestRunBesideTheOutputIsTheOneWhoseJournalWasWrittenLast() throws IOException {
    Path older = Files.createDirectories(dir.resolve("20261201-100000"));
    Path newer = Files.createDirectories(dir.resolve("20261130-090000"));
    Path output = Files.createDirectories(dir.resolve("tonight"));
    Files.writeString(older.resolve(Journal.FILE), "");
    Files.writeString(newer.resolve(Journal.FILE), "");
    Files.writeString(output.resolve(Journal.FILE), "");
    Files.setLastModifiedTime(older.resolve(Journal.FILE), FileTime.fromMillis(1_000_000));
    Files.setLastModifiedTime(newer.resolve(Journal.FILE), FileTime.fromMillis(2_000_000));
    Files.setLastModifiedTime(output.resolve(Journal.FILE), FileTime.fromMillis(3_000_000));
    Files.createDirectories(dir.resolve("not-a-run"));

    assertEquals(Optional.of(newer), History.latest(dir, output));
    assertTrue(History.latest(dir.resolve("missing"), output).isEmpty());
  }
}
