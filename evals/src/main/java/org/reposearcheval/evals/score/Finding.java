package org.reposearcheval.evals.score;

/**
 * One sentence of the paired statistics in words ({@link Findings}). {@code kind}: {@code test} (a
 * test decided it: {@code test}, {@code pValue}, {@code adjustedPValue} are that test's, {@code
 * significant} whether its adjusted p-value is below α), {@code descriptive} (a test's p-value
 * where no test could reach α with these cases, so no verdict is given), {@code estimate} (a number
 * with its interval, never a verdict) or {@code note} (what the suite can and cannot detect).
 */
public record Finding(
    String kind,
    String text,
    String test,
    Double pValue,
    Double adjustedPValue,
    boolean significant) {
  static Finding note(String text) {
    return new Finding("note", text, null, null, null, false);
  }

  static Finding estimate(String text) {
    return new Finding("estimate", text, null, null, null, false);
  }

  /**
   * A sentence a test decided ({@code test}), or, when no test could reach α with these cases, one
   * that only reports its p-value ({@code descriptive}).
   */
  static Finding decided(String text, Decision d, boolean decidable) {
    return new Finding(
        decidable ? "test" : "descriptive",
        text,
        d.test(),
        d.pValue(),
        d.adjustedPValue(),
        decidable && d.significant());
  }
}
