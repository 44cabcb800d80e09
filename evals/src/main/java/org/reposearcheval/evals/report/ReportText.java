package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Inference;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.score.Summary;

/** What every format of the report says in the same words; each format only marks it up. */
final class ReportText {
  private ReportText() {}

  /** How the statistics were computed, in one paragraph. */
  static String method(Statistics statistics) {
    return String.format(
        Locale.ROOT,
        "Tests: McNemar's exact test on the flips; Wilcoxon's signed-rank test on each case's mean"
            + " duration, tokens, cost and turns, exact up to %d differing cases (over the sign"
            + " patterns of the actual ranks, ties included), zero differences dropped (the"
            + " %s convention). Holm's correction within each family (the arms' pass-rate tests;"
            + " all measures' tests). Intervals: percentile bootstrap over cases, %,d resamples,"
            + " seed %d, an estimate and never a verdict, not informative below %d cases. See"
            + " docs/reports.md.",
        Inference.WILCOXON_EXACT_MAX,
        statistics.zeroConvention() == null
            ? Inference.ZERO_CONVENTION
            : statistics.zeroConvention(),
        statistics.bootstrapResamples(),
        statistics.seed(),
        statistics.bootstrapMinCases());
  }

  /** A pass@k or pass^k value, with the cases left out of that k. */
  static String passK(Summary.ModeSummary s, int k, boolean atK) {
    Summary.PassK p = s.passK(k);
    if (p == null) {
      return "–";
    }
    String value = Numbers.percent(atK ? p.passAtK() : p.passHatK());
    return p.leftOut() == 0 ? value : value + " (" + p.leftOut() + " left out)";
  }

  /** What flips in a case: {@code with-mcp ✓ without-mcp ✗} for each pair it flips in. */
  static List<String> flips(List<PairedStatistics> pairs, String caseId) {
    List<String> flips = new ArrayList<>();
    for (PairedStatistics pair : pairs) {
      if (pair.flips().armOnly().contains(caseId)) {
        flips.add(pair.arm() + " ✓ " + pair.baseline() + " ✗");
      } else if (pair.flips().baselineOnly().contains(caseId)) {
        flips.add(pair.arm() + " ✗ " + pair.baseline() + " ✓");
      }
    }
    return flips;
  }

  /** The comparisons of every arm with the baseline; none when the report has no statistics. */
  static List<PairedStatistics> comparisons(Report report) {
    return report.statistics() == null ? List.of() : report.statistics().comparisons();
  }

  /** The runs that did not pass, in index order: they are listed with why. */
  static List<RunResult> notPassed(Report report) {
    return report.rawResults().stream().filter(r -> r.status() != RunStatus.PASSED).toList();
  }

  /** Why a run did not pass: the expectations a failed answer missed, or the run's error. */
  static String why(RunResult r) {
    return r.status() == RunStatus.FAILED
        ? "missed: " + String.join("; ", r.failedExpectations())
        : r.error() == null ? "" : r.error();
  }
}
