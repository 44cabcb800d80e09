package org.reposearcheval.cmd;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reposearcheval.evals.Evaluation;
import org.reposearcheval.evals.report.MoneyBudget;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.report.Timing;
import org.reposearcheval.evals.score.JudgeSummary;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.util.Durations;

/**
 * The summary printed after the runs: a line per arm, its columns lined up, then what was common to
 * the arms' costs, the money budget, the judge, the wall time and where the report is.
 */
final class ConsoleSummary {
  private ConsoleSummary() {}

  /** The judge's line: who, how often, what it cost apart from the arms, each warning. */
  static void printJudge(PrintWriter out, Report report) {
    JudgeSummary judge = report.judge();
    if (judge == null) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "judge %s: %d votes per answer, %d judge runs, %d votes from the cache, cost %s (not in"
            + " any arm's)%n",
        String.join(", ", judge.judges()),
        judge.votesPerAnswer(),
        judge.judgeRuns(),
        judge.cachedVotes(),
        Numbers.money(judge.costUsd()));
    judge.warnings().forEach(w -> out.println("warning: " + w));
  }

  /** The arm column is at least this wide, so short names keep the summary's usual look. */
  private static final int SUMMARY_NAME_WIDTH = 12;

  /**
   * {@code rows} as lines whose columns line up whatever their widths (an arm's name of any length,
   * a count of any digits): each cell but the last padded to its column's widest, the first at
   * least {@code firstWidth} wide.
   */
  static List<String> columns(List<List<String>> rows, int firstWidth) {
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[columns];
    widths[0] = columns == 0 ? 0 : firstWidth;
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).codePointCount(0, row.get(i).length()));
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - cell.codePointCount(0, cell.length()) + 1));
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }

  static void print(PrintWriter out, Evaluation.Outcome outcome) {
    Report report = outcome.report();
    out.println();
    List<List<String>> rows = new ArrayList<>();
    report
        .summary()
        .byArm()
        .forEach(
            (arm, s) ->
                rows.add(
                    List.of(
                        arm,
                        "pass rate "
                            + (s.passRate() == null
                                ? "–"
                                : String.format(Locale.ROOT, "%.0f%%", s.passRate() * 100)),
                        String.format(
                            Locale.ROOT,
                            "(%d passed, %d failed, %d error, %d timeout, %d invalid, %d"
                                + " cancelled),",
                            s.passed(),
                            s.failed(),
                            s.errors(),
                            s.timeouts(),
                            s.invalid(),
                            s.cancelled()),
                        "median "
                            + (s.medianDurationMs() == null
                                ? "–"
                                : Durations.format(s.medianDurationMs()))
                            + ",",
                        "cost " + s.totalCost() + ",",
                        "MCP calls/run "
                            + (s.meanMcpToolCalls() == null
                                ? "–"
                                : String.format(Locale.ROOT, "%.1f", s.meanMcpToolCalls())))));
    columns(rows, SUMMARY_NAME_WIDTH).forEach(out::println);
    if (report.summary().commonCost() != null) {
      out.println(report.summary().commonCost().describe());
    }
    MoneyBudget money = MoneyBudget.of(report);
    if (money != null) {
      out.println(money.describe());
    }
    printJudge(out, report);
    Timing timing = report.timing();
    out.printf(
        Locale.ROOT,
        "wall %s, sum of runs %s, speedup %.1f× at --parallel %d%n",
        Durations.format(timing.wallMs()),
        Durations.format(timing.sumRunMs()),
        timing.speedup(),
        timing.parallel());
    out.printf(
        "%sreport: %s%n",
        outcome.stopReason() != null ? "stopped (" + outcome.stopReason() + "); partial " : "",
        outcome.outputDir().resolve(ReportWriter.MARKDOWN));
  }
}
