package org.reposearcheval.evals;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every test of a real CLI starts from: a directory of its own, and the processes of its runs
 * seen in {@code /proc} ({@link TestProcesses}), whatever is left of them killed after the test, so
 * that a failing test leaves none to the next.
 */
abstract class RealCliTestBase {
  @TempDir Path dir;
  TestProcesses processes;

  @BeforeEach
  void seeProcesses() {
    processes = new TestProcesses(dir);
  }

  @AfterEach
  void killLeftovers() {
    processes.killAll();
  }
}
