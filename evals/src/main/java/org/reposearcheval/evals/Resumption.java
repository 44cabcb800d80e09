package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.util.AtomicFiles;
import org.reposearcheval.evals.util.Json;

/** The journal a run continues from: what a resumed or merged run directory starts with. */
final class Resumption {
  private Resumption() {}

  /**
   * Rewrites the journal to hold exactly the kept results, atomically: stale lines (a changed case,
   * a torn line) are gone before new ones are appended.
   */
  static void rewriteJournal(Path dir, List<RunResult> kept) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (RunResult result : kept) {
      lines.append(Json.COMPACT.writeValueAsString(result)).append('\n');
    }
    AtomicFiles.write(dir.resolve(Journal.FILE), lines.toString());
  }
}
