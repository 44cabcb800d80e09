package org.reposearcheval.evals.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.suite.Arm;

/**
 * A finished run reaches the journal only once the run's manifest is written: a harness killed in
 * between must not leave results that {@code --resume} cannot take up.
 */
class JournalListenerTest {
  @TempDir Path dir;

  private final Job job = new Job(0, TestJobs.testCase("c1", "q", "ok"), Arm.withoutMcp(), 1);
  private final RunResult result = RunResultBuilder.of(job).build();

  @Test
  void theManifestIsAwaitedBeforeTheFirstResultIsJournaled() throws IOException {
    // What the journal held each time the listener asked for the manifest: nothing the first time.
    List<Integer> journaledWhenAsked = new ArrayList<>();
    try (Journal journal = Journal.open(dir)) {
      JournalListener listener =
          new JournalListener(
              journal, () -> journaledWhenAsked.add(Journal.read(dir).results().size()));

      listener.finished(job, result);
      listener.finished(job, result);
    }

    assertEquals(List.of(0, 1), journaledWhenAsked);
    assertEquals(2, Journal.read(dir).results().size());
  }

  @Test
  void aManifestThatCannotBeWrittenLosesNoResultAndIsReported() throws IOException {
    JournalListener listener;
    try (Journal journal = Journal.open(dir)) {
      listener =
          new JournalListener(
              journal,
              () -> {
                throw new IOException("disk full");
              });
      listener.finished(job, result);
    }

    assertEquals(List.of(result), Journal.read(dir).results());
    Optional<String> failure = listener.failure();
    assertTrue(failure.orElseThrow().contains("run.json is not written: "), failure.toString());
    assertTrue(failure.orElseThrow().contains("disk full"), failure.toString());
  }
}
