package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Inference;
import org.reposearcheval.evals.score.Interval;
import org.reposearcheval.evals.score.Measure;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.score.Summary;
import org.reposearcheval.evals.util.Durations;

/** What every format of the report says in the same words; each format only marks it up. */
final class ReportText {
  private ReportText() {}

  /**
   * The column of the cases table that says, under {@code --runs auto}, why a case ran so often.
   */
  static final String ALLOCATION_COLUMN = "runs per mode";

  /**
   * How often each case ran: {@code 3 runs per case and mode}, or under {@code --runs auto:5}
   * {@code 1 run per case and mode, up to 5 where results differed}; with the cap on what one run
   * may spend when there was one.
   */
  static String runsPerCase(ReportConfig config) {
    String runs =
        config.autoRuns()
            ? "1 run per case and mode, up to "
                + config.runs()
                + " where results differed (`--runs auto:"
                + config.runs()
                + "`)"
            : config.runs() + (config.runs() == 1 ? " run" : " runs") + " per case and mode";
    return config.maxCostPerRunUsd() == null
        ? runs
        : runs + " · at most " + Numbers.money(config.maxCostPerRunUsd()) + " per run";
  }

  /** How the statistics were computed, in one paragraph. */
  static String method(Statistics statistics) {
    return String.format(
        Locale.ROOT,
        "Tests: "
            + passRateMethod(statistics)
            + "; Wilcoxon's signed-rank test on each case's mean"
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

  /**
   * The pass-rate test in words: McNemar's on the flips, or under {@code --runs auto} the sign-flip
   * test on each case's pass-rate difference.
   */
  static String passRateMethod(Statistics statistics) {
    return statistics.comparisons().stream().anyMatch(PairedStatistics::signFlip)
        ? "the exact sign-flip test on each case's pass-rate difference (--runs auto: cases ran"
            + " different numbers of times; whether a case ran again never depended on which arm"
            + " did better)"
        : "McNemar's exact test on the flips";
  }

  /** A pass@k or pass^k value, with the cases left out of that k. */
  static String passK(Summary.ArmSummary s, int k, boolean atK) {
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

  /** The efficiency table's columns; {@link #efficiency} gives its rows. */
  static final List<String> EFFICIENCY_COLUMNS =
      List.of(
          "measure", "arm (median)", "baseline (median)", "mean difference (95% CI)", "Wilcoxon p");

  /**
   * Efficiency beside accuracy: per measure, the medians, the mean paired difference (arm −
   * baseline) with its bootstrap interval, and the Wilcoxon p-value (Holm-adjusted beside it).
   */
  static List<List<String>> efficiency(PairedStatistics s) {
    List<List<String>> rows = new java.util.ArrayList<>();
    row(rows, "duration", s.durationMs(), Numbers::duration);
    row(rows, "input tokens (billed)", s.inputTokens(), Numbers::tokens);
    row(rows, "cache-read tokens", s.cacheReadTokens(), Numbers::tokens);
    row(rows, "output tokens", s.outputTokens(), Numbers::tokens);
    row(rows, "turns", s.turns(), Numbers::decimal);
    row(rows, s.costLabel("cost"), s.costUsd(), Numbers::money);
    return rows;
  }

  /**
   * The efficiency rows of one comparison and, when the arms' MCP servers had prepare steps, a last
   * row with each arm's setup: the prepare steps' total time, paid once per checkout, not per run.
   */
  static List<List<String>> efficiency(PairedStatistics s, List<Preparation> preparations) {
    List<List<String>> rows = efficiency(s);
    if (rows.isEmpty() || preparations.isEmpty()) {
      return rows;
    }
    List<List<String>> withSetup = new ArrayList<>(rows);
    withSetup.add(
        List.of(
            "setup: prepare steps (total, once per checkout)",
            setup(preparations, s.arm()),
            setup(preparations, s.baseline()),
            "not per case",
            "–"));
    return withSetup;
  }

  /** An arm's setup cost: its prepare steps' total time and count, or {@code none}. */
  private static String setup(List<Preparation> preparations, String arm) {
    List<Preparation> own = preparations.stream().filter(p -> p.arms().contains(arm)).toList();
    if (own.isEmpty()) {
      return "none";
    }
    long total = own.stream().mapToLong(Preparation::durationMs).sum();
    return Durations.format(total) + " (" + own.size() + (own.size() == 1 ? " step)" : " steps)");
  }

  /**
   * One line per MCP server with a prepare step: how many checkouts it prepared, the median and
   * total time, how many it reused from the cache and how many failed, and for which arms.
   */
  static List<String> preparations(List<Preparation> preparations) {
    Map<String, List<Preparation>> byServer = new LinkedHashMap<>();
    for (Preparation p : preparations) {
      byServer.computeIfAbsent(p.server(), k -> new ArrayList<>()).add(p);
    }
    List<String> lines = new ArrayList<>();
    byServer.forEach(
        (server, steps) -> {
          List<Preparation> ran =
              steps.stream().filter(p -> p.status().equals(Preparation.PREPARED)).toList();
          long cached = steps.stream().filter(p -> p.status().equals(Preparation.CACHED)).count();
          long failed = steps.stream().filter(p -> !p.ok()).count();
          List<String> arms =
              steps.stream().flatMap(p -> p.arms().stream()).distinct().sorted().toList();
          StringBuilder line = new StringBuilder(server).append(": ");
          List<String> parts = new ArrayList<>();
          if (!ran.isEmpty()) {
            double[] ms = ran.stream().mapToDouble(Preparation::durationMs).toArray();
            parts.add(
                "prepared "
                    + checkouts(ran.size())
                    + ", median "
                    + Durations.format(
                        Math.round(org.reposearcheval.evals.score.Averages.median(ms)))
                    + ", total "
                    + Durations.format(ran.stream().mapToLong(Preparation::durationMs).sum()));
          }
          if (cached > 0) {
            parts.add("reused " + checkouts(cached) + " prepared before");
          }
          if (failed > 0) {
            parts.add(failed + " failed");
          }
          line.append(String.join("; ", parts)).append(" (").append(String.join(", ", arms));
          lines.add(line.append(")").toString());
        });
    return lines;
  }

  private static String checkouts(long n) {
    return n + (n == 1 ? " checkout" : " checkouts");
  }

  /** The prepare steps that failed, each with what it printed: why its runs did not start. */
  static List<Preparation> failedPreparations(List<Preparation> preparations) {
    return preparations.stream().filter(p -> !p.ok()).toList();
  }

  private static void row(
      List<List<String>> rows,
      String name,
      Measure m,
      java.util.function.Function<Double, String> format) {
    if (m == null || m.pairs() == 0) {
      return;
    }
    Interval d = m.difference();
    String difference =
        signed(d.estimate(), format)
            + (d.informative()
                ? " (" + signed(d.ciLow(), format) + " to " + signed(d.ciHigh(), format) + ")"
                : " (not informative)");
    String p =
        m.decision() == null
            ? "–"
            : Numbers.p(m.decision().pValue())
                + (m.decision().familySize() > 1
                    ? " (adj. " + Numbers.p(m.decision().adjustedPValue()) + ")"
                    : "");
    rows.add(
        List.of(
            name, format.apply(m.armMedian()), format.apply(m.baselineMedian()), difference, p));
  }

  private static String signed(double value, java.util.function.Function<Double, String> format) {
    String text = format.apply(Math.abs(value));
    return value == 0 ? text : (value < 0 ? "−" : "+") + text;
  }
}
