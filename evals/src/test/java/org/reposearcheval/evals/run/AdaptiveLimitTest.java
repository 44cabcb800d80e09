package org.reposearcheval.evals.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The concurrency bound halves on push-back and grows back one run at a time. */
class AdaptiveLimitTest {

  @Test
  void pushBackHalvesAndSuccessesRestoreGradually() throws Exception {
    AdaptiveLimit limit = new AdaptiveLimit(8);
    limit.pushedBack();
    assertEquals(4, limit.current());
    limit.pushedBack();
    limit.pushedBack();
    limit.pushedBack();
    assertEquals(1, limit.current(), "never below one");

    limit.succeeded();
    assertEquals(2, limit.current(), "one success in a row at a limit of one");
    limit.succeeded();
    assertEquals(2, limit.current());
    limit.succeeded();
    assertEquals(3, limit.current(), "two successes in a row at a limit of two");
    for (int i = 0; i < 100; i++) {
      limit.succeeded();
    }
    assertEquals(8, limit.current(), "never above --parallel");
  }

  @Test
  void permitsFollowTheLimit() throws Exception {
    AdaptiveLimit limit = new AdaptiveLimit(4);
    limit.pushedBack();
    assertTrue(limit.tryAcquire(2));
    assertFalse(limit.tryAcquire(), "only two may run after halving four");
    limit.release(2);
    limit.succeeded();
    limit.succeeded();
    assertTrue(limit.tryAcquire(3));
  }
}
