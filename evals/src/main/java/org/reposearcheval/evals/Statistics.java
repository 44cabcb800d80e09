package org.reposearcheval.evals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report's paired statistics: every arm against the baseline, case by case. Recorded with the
 * significance level, the interval's confidence and the bootstrap's resamples and seed, so a reader
 * can reproduce every number from {@code rawResults}.
 *
 * @param baseline the arm the others are compared with: {@code without-mcp} when it ran, otherwise
 *     the first arm
 */
public record Statistics(
    String baseline,
    double alpha,
    double confidence,
    int bootstrapResamples,
    long seed,
    List<PairedStatistics> comparisons) {

  public Statistics {
    comparisons = List.copyOf(comparisons);
  }

  /** The statistics of {@code results}, arms in the order of {@code modes}. */
  public static Statistics of(List<RunResult> results, List<String> modes) {
    return of(results, modes, baselineOf(modes));
  }

  /** The statistics of {@code results} against {@code baseline}, one of {@code modes}. */
  public static Statistics of(List<RunResult> results, List<String> modes, String baseline) {
    if (baseline == null && modes.isEmpty()) {
      return new Statistics(
          null,
          Inference.ALPHA,
          Inference.CONFIDENCE,
          Inference.BOOTSTRAP_RESAMPLES,
          Inference.SEED,
          List.of());
    }
    if (!modes.contains(baseline)) {
      throw new IllegalArgumentException(
          "baseline '" + baseline + "' is not one of the arms " + modes);
    }
    Map<String, CaseMeasures> baselineCases = CaseMeasures.of(results, baseline);
    List<PairedStatistics> comparisons = new ArrayList<>();
    for (String mode : modes) {
      if (!mode.equals(baseline)) {
        comparisons.add(
            PairedStatistics.of(mode, baseline, CaseMeasures.of(results, mode), baselineCases));
      }
    }
    return new Statistics(
        baseline,
        Inference.ALPHA,
        Inference.CONFIDENCE,
        Inference.BOOTSTRAP_RESAMPLES,
        Inference.SEED,
        comparisons);
  }

  /** {@code without-mcp} when it is one of {@code modes}, otherwise the first; null for none. */
  public static String baselineOf(List<String> modes) {
    if (modes.contains(Arm.WITHOUT_MCP)) {
      return Arm.WITHOUT_MCP;
    }
    return modes.isEmpty() ? null : modes.getFirst();
  }
}
