package org.reposearcheval.evals.score;

/**
 * How one test decided. {@code adjustedPValue} is Holm's within {@code family} ({@code familySize}
 * tests in this report; equal to {@code pValue} in a family of one); {@code significant} is whether
 * it is below α. {@code reachable}: whether any outcome on this many pairs could have been
 * significant after that correction (a test that could not is reported as descriptive). Report
 * text, badges and JSON all read these booleans.
 */
public record Decision(
    String test,
    double pValue,
    double adjustedPValue,
    String family,
    int familySize,
    boolean significant,
    boolean reachable) {
  /** A test alone, before any correction: a family of one. */
  static Decision raw(String test, double pValue, String family, double alpha, int pairs) {
    return new Decision(
        test, pValue, pValue, family, 1, pValue < alpha, Inference.smallestPValue(pairs) < alpha);
  }

  Decision adjusted(double adjusted, int size, double alpha, boolean canReach) {
    return new Decision(test, pValue, adjusted, family, size, adjusted < alpha, canReach);
  }
}
