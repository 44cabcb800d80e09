package org.reposearcheval.evals.run;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Appends each finished run to the journal, once the run's manifest ({@code run.json}, written
 * beside the first runs) is in place: a journal without it cannot be resumed, and a harness killed
 * in between would leave finished runs that {@code --resume} refuses. A failed write (a full disk)
 * must not lose the result, which still reaches the report: it is remembered and reported as a
 * warning instead of thrown.
 */
public final class JournalListener implements RunListener {
  /** Returns once the run's manifest is written, or throws why it was not. */
  @FunctionalInterface
  public interface Manifest {
    void await() throws IOException;
  }

  private final Journal journal;
  private final Manifest manifest;
  private final AtomicReference<String> failure = new AtomicReference<>();

  public JournalListener(Journal journal, Manifest manifest) {
    this.journal = journal;
    this.manifest = manifest;
  }

  @Override
  public void finished(Job job, RunResult result) {
    try {
      manifest.await();
    } catch (IOException e) {
      // Written without it: the result is kept, only --resume of this run is lost.
      failure.compareAndSet(null, "run.json is not written: " + e);
    }
    try {
      journal.append(result);
    } catch (IOException e) {
      failure.compareAndSet(null, "could not write " + job + " to the journal: " + e);
    }
  }

  public Optional<String> failure() {
    return Optional.ofNullable(failure.get());
  }
}
