package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The tests' own waits: each has a bound, so a regression fails a test instead of hanging CI. */
class TestWaitsTest {
  private static final String SAMPLE = "org/reposearcheval/evals/TestWaitsTest$Sample";

  @Test
  void noTestWaitsOnAProcessOrAThreadWithoutABound() throws Exception {
    List<String> found = UnboundedWaits.in(UnboundedWaits.classesOf(TestWaitsTest.class));
    assertEquals(List.of(), found.stream().filter(f -> !f.startsWith(SAMPLE + ".")).toList());
  }

  @Test
  void theScanFindsAnUnboundedWaitAndPassesABoundedOne() throws Exception {
    Path sample = UnboundedWaits.classesOf(TestWaitsTest.class).resolve(SAMPLE + ".class");
    assertEquals(
        List.of(SAMPLE + ".unbounded: java/lang/Process.waitFor()I"), UnboundedWaits.in(sample));
  }

  /** Never run: compiled only, for the scan to read. */
  static final class Sample {
    static void unbounded(Process p) throws InterruptedException {
      p.waitFor();
    }

    static void bounded(Process p) throws InterruptedException {
      p.waitFor(1, TimeUnit.SECONDS);
    }
  }
}
