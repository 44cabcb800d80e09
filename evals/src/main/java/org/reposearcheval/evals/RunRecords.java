package org.reposearcheval.evals;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.transcript.Prompts;
import org.reposearcheval.evals.util.Secrets;

/**
 * {@code run.json} and {@code prompts.json}, written beside the first runs instead of before them:
 * nothing a run does needs them, they cost a noticeable part of the start with thousands of cases
 * (the manifest is made there too, so the cases are hashed for their fingerprints there), and they
 * are in place long before the reports that read them.
 */
final class RunRecords {
  private RunRecords() {}

  /** Starts making the manifest and writing both into {@code dir} on a thread of their own. */
  static CompletableFuture<Void> writeAside(
      Path dir, Supplier<RunManifest> manifest, List<TestCase> cases, Secrets secrets) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            manifest.get().write(dir);
            Prompts.save(dir, cases, secrets);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        Thread.ofVirtual().name("run-records")::start);
  }

  /** Waits for both; their failure is the run's. */
  static void await(CompletableFuture<Void> written) throws IOException {
    try {
      written.get(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing run.json");
    } catch (TimeoutException e) {
      throw new IOException("run.json and prompts.json not written within a minute", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof UncheckedIOException io
          ? io.getCause()
          : new IOException(e.getCause());
    }
  }
}
