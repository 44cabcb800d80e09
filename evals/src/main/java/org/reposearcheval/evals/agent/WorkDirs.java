package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.reposearcheval.evals.run.Job;

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
}
