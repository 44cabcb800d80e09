package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on what a written text (a report, a page, a message) says. */
public final class Contains {
  private Contains() {}

  /** {@code text} contains each of {@code parts}; a failure names the part and shows the text. */
  public static void assertContains(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), () -> "no «" + part + "» in:\n" + text);
    }
  }

  /** {@code text} contains none of {@code parts}; a failure names the part and shows the text. */
  public static void assertLacks(String text, String... parts) {
    for (String part : parts) {
      assertFalse(text.contains(part), () -> "«" + part + "» in:\n" + text);
    }
  }
}
