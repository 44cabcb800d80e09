package org.reposearcheval.evals.score;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What each extra correct answer of the arm cost, over the paired cases with a cost in both arms:
 * {@code extraCostUsd} = Σ (arm cost − baseline cost), {@code extraPasses} = Σ (arm pass@1 −
 * baseline pass@1), {@code usdPerPass} = their ratio. Defined only when the arm passes more ({@code
 * extraPasses > 0}); {@code undefined} says why otherwise. A negative ratio means the arm answered
 * more and cost less.
 *
 * <p>The interval is a percentile bootstrap over those cases (the report's resamples and seed); a
 * resample in which the arm gains no correct answer buys nothing at any price and counts as
 * unbounded, so {@code ciHigh} is null (no upper bound) when more than 2.5% of resamples do. An
 * estimate, never a verdict; {@code notInformative} as for every bootstrap interval.
 */
public record CostPerPass(
    int cases,
    Double extraCostUsd,
    Double extraPasses,
    Double usdPerPass,
    Bounds interval,
    String undefined) {

  /** The 95% bootstrap bounds; {@code high} null when unbounded. */
  public record Bounds(double low, Double high, String notInformative) {}

  static CostPerPass of(List<CaseMeasures[]> pairs) {
    List<CaseMeasures[]> costed =
        pairs.stream().filter(p -> p[0].costUsd() != null && p[1].costUsd() != null).toList();
    if (costed.isEmpty()) {
      return new CostPerPass(0, null, null, null, null, "no paired case reported a cost in both");
    }
    double[] cost = costed.stream().mapToDouble(p -> p[0].costUsd() - p[1].costUsd()).toArray();
    double[] passes = costed.stream().mapToDouble(p -> p[0].passAt1() - p[1].passAt1()).toArray();
    double extraCost = Arrays.stream(cost).sum();
    double extraPasses = Arrays.stream(passes).sum();
    if (extraPasses <= 1e-12) {
      return new CostPerPass(
          costed.size(),
          extraCost,
          extraPasses,
          null,
          null,
          "the arm passes no more cases than the baseline");
    }
    return new CostPerPass(
        costed.size(),
        extraCost,
        extraPasses,
        extraCost / extraPasses,
        bootstrap(cost, passes),
        null);
  }

  private static Bounds bootstrap(double[] cost, double[] passes) {
    int n = cost.length;
    ToDoubleFunction<int[]> passSum = Bootstrap.sum(passes);
    ToDoubleFunction<int[]> costSum = Bootstrap.sum(cost);
    Bootstrap.Bounds bounds =
        Bootstrap.percentiles(
            n,
            picks -> {
              double p = passSum.applyAsDouble(picks);
              return p <= 0 ? Double.POSITIVE_INFINITY : costSum.applyAsDouble(picks) / p;
            });
    String notInformative =
        bounds.low() == bounds.high()
            ? "every resample gives the same price"
            : n < Inference.BOOTSTRAP_MIN_CASES
                ? Numbers.plural(n, "case", "cases")
                    + ", fewer than "
                    + Inference.BOOTSTRAP_MIN_CASES
                : null;
    return new Bounds(
        bounds.low(), Double.isInfinite(bounds.high()) ? null : bounds.high(), notInformative);
  }

  /** What an extra correct answer cost, in one sentence: an estimate, never a verdict. */
  String describe(boolean estimated) {
    String lead = "Cost per extra correct answer" + (estimated ? " (estimated)" : "") + ": ";
    if (usdPerPass == null) {
      return lead
          + "none to price, "
          + undefined
          + (extraCostUsd == null ? "" : " (cost " + signedMoney(extraCostUsd) + ")")
          + ".";
    }
    Bounds b = interval;
    return lead
        + dollars(usdPerPass)
        + (usdPerPass < 0 ? " (more correct answers for less)" : "")
        + ", an estimate ("
        + signedMoney(extraCostUsd)
        + " for "
        + String.format(Locale.ROOT, "%+.1f", extraPasses)
        + " passes over "
        + Numbers.plural(cases, "case", "cases")
        + (b.notInformative() != null
            ? "; the bootstrap interval is not informative: " + b.notInformative()
            : "; 95% bootstrap interval "
                + dollars(b.low())
                + " to "
                + (b.high() == null ? "no upper bound" : dollars(b.high())))
        + ").";
  }

  /** {@code +$0.120} or {@code −$0.040}. */
  private static String signedMoney(double usd) {
    return (usd < 0 ? "−" : "+") + Numbers.money(Math.abs(usd));
  }

  /** {@code $0.120} or {@code −$0.040}. */
  private static String dollars(double usd) {
    return usd < 0 ? signedMoney(usd) : Numbers.money(usd);
  }
}
