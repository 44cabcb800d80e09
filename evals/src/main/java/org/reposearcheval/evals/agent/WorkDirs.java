package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;

/**
 * Where each run's agent works: the case's checkout, an empty directory for an arm without the
 * repository, or {@code --repo} (or its copy) for an unpinned case. A lease covers one agent
 * process; closing it says which paths the run changed, which voids the run.
 */
public interface WorkDirs {
  /** The directory for a run of {@code job}, until the lease is closed. */
  Lease lease(Job job) throws IOException, InterruptedException;

  /** One run's use of its directory. */
  interface Lease extends AutoCloseable {
    Path dir();

    /** The paths the run changed (closing the lease first); empty when none, or not watched. */
    List<String> changed();

    @Override
    void close();
  }

  /**
   * The run's directory could not be made ready: a prepare step of one of its MCP servers failed or
   * timed out. The run is {@code invalid}, its agent never started; the message says why.
   */
  final class NotPrepared extends IOException {
    public NotPrepared(String message) {
      super(message);
    }
  }

  /** Every run in {@code dir}, unwatched: {@code --repo} as before checkouts existed. */
  static WorkDirs in(Path dir) {
    Lease lease =
        new Lease() {
          @Override
          public Path dir() {
            return dir;
          }

          @Override
          public List<String> changed() {
            return List.of();
          }

          @Override
          public void close() {}
        };
    return job -> lease;
  }

  /**
   * A run that changed the tree it worked in is void: its answer may rest on what it wrote, and the
   * runs beside it saw another tree. The tree is made again before the next run uses it.
   */
  static RunResult voided(RunResult result, List<String> changed) {
    int shown = Math.min(10, changed.size());
    String paths =
        String.join(", ", changed.subList(0, shown))
            + (changed.size() > shown ? " and " + (changed.size() - shown) + " more" : "");
    return result
        .with(
            new RunResult.Outcome(
                RunStatus.INVALID,
                result.durationMs(),
                result.outcome().exitCode(),
                result.outcome().attempts()))
        .with(
            new RunResult.Verdict(
                result.verdict().answer(),
                List.of(),
                "the run changed its checkout (restored before the next run): " + paths));
  }
}
