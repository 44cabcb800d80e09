package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.run.Usage;

class PricingTest {
  @Test
  void estimatesFromListPrices() {
    // 120 input and 20 output tokens on claude-sonnet-4-5 at $3 and $15 per million:
    // 120 × 3 / 1e6 + 20 × 15 / 1e6 = 0.00036 + 0.0003 = 0.00066, the cost OpenCode itself
    // reported for the same tokens from its own price catalogue (../shared/agent-clis.md §4.4).
    Usage usage = new Usage(120, 20, 0, 0);
    assertEquals(0.00066, Pricing.estimate("claude-sonnet-4-5", usage).orElseThrow(), 1e-12);
    // A provider prefix and a date suffix name the same model.
    assertEquals(
        0.00066,
        Pricing.estimate("anthropic/claude-sonnet-4-5-20250929", usage).orElseThrow(),
        1e-12);
  }

  @Test
  void cachedInputAndCacheWritesHaveTheirOwnPrice() {
    // gpt-5: 1,000 uncached × $1.25 + 10,000 cached × $0.125 + 500 output × $10, per million:
    // 0.00125 + 0.00125 + 0.005 = 0.0075.
    assertEquals(
        0.0075, Pricing.estimate("gpt-5", new Usage(1_000, 500, 10_000, 0)).orElseThrow(), 1e-12);
    // claude-haiku-4-5 cache writes at $1.25: 2,000,000 × 1.25 / 1e6 = 2.5.
    assertEquals(
        2.5,
        Pricing.estimate("claude-haiku-4-5", new Usage(0, 0, 0, 2_000_000)).orElseThrow(),
        1e-12);
  }

  @Test
  void anUnknownModelHasNoEstimate() {
    Usage usage = new Usage(1000, 1000, 0, 0);
    assertTrue(Pricing.estimate("mock-model", usage).isEmpty());
    assertTrue(Pricing.estimate(null, usage).isEmpty());
    assertTrue(Pricing.estimate(" ", usage).isEmpty());
  }
}
