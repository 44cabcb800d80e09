package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test that runs a suite end to end, in a fresh temporary directory: the cases, the run's output,
 * the checkout cache and the harness's own state, each in its place below {@link #dir}. Made before
 * the test's own {@code @BeforeEach}; {@code out} and {@code cache} are left for the harness to
 * create.
 */
abstract class SuiteDirs {
  @TempDir Path dir;

  Path cases;
  Path out;
  Path cache;
  Path state;

  private final String casesDir;

  /** Cases in {@code cases/}. */
  SuiteDirs() {
    this("cases");
  }

  /** Cases in {@code casesDir}, relative to {@link #dir} (a pinned suite's {@code suite/cases}). */
  SuiteDirs(String casesDir) {
    this.casesDir = casesDir;
  }

  @BeforeEach
  final void makeSuiteDirs() throws IOException {
    cases = Files.createDirectories(dir.resolve(casesDir));
    out = dir.resolve("out");
    cache = dir.resolve("cache");
    state = Files.createDirectories(dir.resolve("state"));
  }
}
