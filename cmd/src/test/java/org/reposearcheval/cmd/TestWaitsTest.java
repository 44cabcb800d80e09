package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.UnboundedWaits;

/** The tests' own waits: each has a bound, so a regression fails a test instead of hanging CI. */
class TestWaitsTest {
  @Test
  void noTestWaitsOnAProcessOrAThreadWithoutABound() throws Exception {
    assertEquals(List.of(), UnboundedWaits.in(UnboundedWaits.classesOf(TestWaitsTest.class)));
  }
}
