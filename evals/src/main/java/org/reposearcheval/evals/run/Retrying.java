package org.reposearcheval.evals.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The scheduler's policy around a solver of one attempt ({@link Solver#attempt}): waits for free
 * memory before each attempt ({@link MemoryFloor}), tries a transient failure again after an
 * exponential backoff with jitter, keeps a failed attempt's transcript beside the final one, counts
 * the attempts into the result, and tells the {@link AdaptiveLimit} when the API pushed back and
 * when a run got through. The slot is given up by the attempt as soon as its agent has ended and
 * taken again after backing off: judging and backing off hold no place among the runs in flight.
 */
public final class Retrying implements Solver {
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

  private final Solver attempts;
  private final Retries retries;
  private final Path outputDir;

  /** {@code attempts} tried as {@code retries} says, its transcripts in {@code outputDir}. */
  public Retrying(Solver attempts, Retries retries, Path outputDir) {
    this.attempts = attempts;
    this.retries = retries;
    this.outputDir = outputDir;
  }

  @Override
  public RunResult solve(Job job) {
    return solve(job, Slot.NONE);
  }

  @Override
  public RunResult solve(Job job, Slot slot) {
    for (int attempt = 1; ; attempt++) {
      try {
        retries.memory().awaitAvailable();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return RunResult.cancelled(job, 0, "cancelled while waiting for free memory");
      }
      Attempt tried = attempts.attempt(job, slot);
      RunResult result = afterAttempts(tried.result(), attempt);
      if (tried.failure() == Attempt.Transient.NONE) {
        retries.limit().succeeded();
        return result;
      }
      if (tried.failure() == Attempt.Transient.PUSHED_BACK) {
        retries.limit().pushedBack();
      }
      if (attempt > retries.max() || Thread.currentThread().isInterrupted()) {
        return result;
      }
      keepFailedAttempt(job, attempt);
      try {
        Thread.sleep(backoff(attempt));
        slot.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return afterAttempts(
            RunResult.cancelled(job, result.durationMs(), "cancelled while backing off"), attempt);
      }
    }
  }

  private static RunResult afterAttempts(RunResult result, int attempts) {
    return result.with(result.outcome().withAttempts(attempts));
  }

  /** Exponential backoff with full jitter: uniformly up to base × 2^(attempt-1), at most 2 min. */
  private Duration backoff(int attempt) {
    long ceiling =
        Math.min(
            MAX_BACKOFF.toMillis(), retries.baseBackoff().toMillis() << Math.min(attempt - 1, 16));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
  }

  /** The transcript of a failed attempt stays beside the final one: {@code …-1.attempt1.jsonl}. */
  private void keepFailedAttempt(Job job, int attempt) {
    Path transcript = outputDir.resolve(job.transcriptName());
    String name =
        transcript.getFileName().toString().replace(".jsonl", ".attempt" + attempt + ".jsonl");
    try {
      if (Files.exists(Turns.fileOf(transcript))) {
        Files.move(
            Turns.fileOf(transcript),
            Turns.fileOf(transcript.resolveSibling(name)),
            StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(transcript, transcript.resolveSibling(name), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // The next attempt overwrites it; the final transcript is what the report links to.
    }
  }
}
