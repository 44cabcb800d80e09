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

  /** {@code p = 0.0156} and, where Holm's correction applies, the adjusted p-value beside it. */
  String pValues() {
    String raw = Numbers.pEquals(pValue);
    return familySize <= 1
        ? raw
        : raw
            + ", Holm-adjusted "
            + Numbers.pEquals(adjustedPValue)
            + " over "
            + familySize
            + " tests";
  }

  /** {@code significant at α = 0.05} or {@code not significant at α = 0.05}. */
  String verdict(double alpha) {
    return (significant ? "significant" : "not significant") + " at " + Numbers.alpha(alpha);
  }
}
