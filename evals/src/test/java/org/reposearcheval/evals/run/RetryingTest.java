package org.reposearcheval.evals.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.suite.Arm;

/**
 * The scheduler's retry policy around a solver of one attempt: how often it tries, what it tells
 * the limit, which transcripts it keeps, and that it takes the slot again before each retry.
 */
class RetryingTest {
  @TempDir Path out;

  private final Job job = new Job(0, TestJobs.testCase("c1", "q", "ok"), Arm.withoutMcp(), 1);

  /** Attempts scripted in order, each writing its transcript as an agent's run would. */
  private final class Scripted implements Solver {
    final Deque<Attempt.Transient> failures;
    int calls;

    Scripted(Attempt.Transient... failures) {
      this.failures = new ArrayDeque<>(List.of(failures));
    }

    @Override
    public RunResult solve(Job job) {
      throw new AssertionError("Retrying asks for attempts");
    }

    @Override
    public Attempt attempt(Job job, Slot slot) {
      calls++;
      Path transcript = out.resolve(job.transcriptName());
      try {
        Files.createDirectories(transcript.getParent());
        Files.writeString(transcript, "attempt " + calls);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Attempt.Transient failure = failures.isEmpty() ? Attempt.Transient.NONE : failures.pop();
      RunResult result =
          failure == Attempt.Transient.NONE
              ? RunResultBuilder.result("c1", job.arm().name()).build()
              : RunResult.invalid(job, "failed " + calls);
      return new Attempt(result, failure);
    }
  }

  /** Counts the places taken again. */
  private static final class CountingSlot implements Slot {
    int acquired;

    @Override
    public void release() {}

    @Override
    public void acquire() {
      acquired++;
    }
  }

  @Test
  void transientFailuresAreTriedAgainTheirTranscriptsKeptAndPushBacksHalveTheLimit()
      throws IOException {
    Scripted attempts = new Scripted(Attempt.Transient.PUSHED_BACK, Attempt.Transient.DIED);
    AdaptiveLimit limit = new AdaptiveLimit(8);
    CountingSlot slot = new CountingSlot();

    RunResult result =
        new Retrying(attempts, new Retries(2, Duration.ofMillis(1), limit, MemoryFloor.NONE), out)
            .solve(job, slot);

    assertEquals(RunStatus.PASSED, result.status(), result.error());
    assertEquals(3, result.attempts());
    assertEquals(3, attempts.calls);
    assertEquals(2, slot.acquired, "the place is taken again before each retry");
    // 8 halved once (the 429), not for the death; the success after it counts 1 of 4 needed.
    assertEquals(4, limit.current());
    Path transcript = out.resolve(job.transcriptName());
    assertEquals("attempt 3", Files.readString(transcript));
    assertEquals(
        "attempt 1",
        Files.readString(transcript.resolveSibling("c1-1.attempt1.jsonl")),
        "each failed attempt's transcript is kept beside the final one");
    assertEquals("attempt 2", Files.readString(transcript.resolveSibling("c1-1.attempt2.jsonl")));
  }

  @Test
  void theLastFailureStandsOnceTheRetriesAreSpent() {
    Scripted attempts =
        new Scripted(Attempt.Transient.DIED, Attempt.Transient.DIED, Attempt.Transient.DIED);
    AdaptiveLimit limit = new AdaptiveLimit(8);

    RunResult result =
        new Retrying(attempts, new Retries(1, Duration.ofMillis(1), limit, MemoryFloor.NONE), out)
            .solve(job);

    assertEquals(RunStatus.INVALID, result.status());
    assertEquals("failed 2", result.error());
    assertEquals(2, result.attempts());
    assertEquals(2, attempts.calls, "one retry, as many as allowed");
    assertEquals(8, limit.current(), "an agent that died is no push back");
  }

  @Test
  void aFailureNotTransientIsNeverTriedAgain() {
    Scripted attempts = new Scripted();
    RunResult result =
        new Retrying(
                attempts,
                new Retries(3, Duration.ofMillis(1), new AdaptiveLimit(2), MemoryFloor.NONE),
                out)
            .solve(job);

    assertEquals(1, result.attempts());
    assertEquals(1, attempts.calls);
    Path transcript = out.resolve(job.transcriptName());
    assertTrue(Files.exists(transcript));
    assertFalse(Files.exists(transcript.resolveSibling("c1-1.attempt1.jsonl")));
  }
}
