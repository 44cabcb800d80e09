package org.reposearcheval.evals.run;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Appends each finished run to the journal. A failed write (a full disk) must not lose the result,
 * which still reaches the report: it is remembered and reported as a warning instead of thrown.
 */
public final class JournalListener implements RunListener {
  private final Journal journal;
  private final AtomicReference<String> failure = new AtomicReference<>();

  public JournalListener(Journal journal) {
    this.journal = journal;
  }

  @Override
  public void finished(Job job, RunResult result) {
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
