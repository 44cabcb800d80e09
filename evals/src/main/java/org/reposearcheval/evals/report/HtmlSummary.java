package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.reposearcheval.evals.score.Finding;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.score.Summary;

/**
 * What the top of {@code report.html} shows: a card per arm ({@code cards.jte}), and the statistics
 * in words ({@code findings.jte}).
 */
final class HtmlSummary {
  private HtmlSummary() {}

  static List<Card> cards(Report report, List<String> arms, Map<String, String> colours) {
    String baseline = report.statistics() == null ? null : report.statistics().baseline();
    return arms.stream()
        .map(
            arm ->
                new Card(
                    arm, colours.get(arm), arm.equals(baseline), report.summary().byArm().get(arm)))
        .toList();
  }

  /** The statistics in words; null when there is no comparison to put in words. */
  static Findings findings(Statistics statistics) {
    return statistics == null || statistics.comparisons().isEmpty()
        ? null
        : new Findings(statistics);
  }

  /** One arm's card: its pass rate, its counts, and pass@k when it ran each case more than once. */
  record Card(String arm, String colour, boolean baseline, Summary.ArmSummary summary) {
    String passRate() {
      return Numbers.percent(summary.passRate());
    }

    /** {@code , 95% CI 40%–80%}, or "" without an interval. */
    String interval() {
      return summary.passRateCiLow() == null
          ? ""
          : ", 95% CI "
              + Numbers.percent(summary.passRateCiLow())
              + "–"
              + Numbers.percent(summary.passRateCiHigh());
    }

    int withoutVerdict() {
      return summary.errors() + summary.timeouts() + summary.invalid() + summary.cancelled();
    }

    String median() {
      return Numbers.durationMs(summary.medianDurationMs());
    }

    String cost() {
      return summary.costUnknown()
          ? "unknown"
          : Numbers.money(summary.totalCostUsd()) + summary.costMark() + summary.coverage();
    }

    String mcpCalls() {
      return Numbers.decimal(summary.meanMcpToolCalls());
    }

    String passAt1() {
      return Numbers.percent(summary.passAt1());
    }

    /** pass@k and pass^k for each k from 2. */
    List<PassK> passK() {
      return IntStream.rangeClosed(2, summary.k())
          .mapToObj(
              k ->
                  new PassK(
                      k, ReportText.passK(summary, k, true), ReportText.passK(summary, k, false)))
          .toList();
    }
  }

  /** pass@k ({@code atK}) and pass^k ({@code hatK}) of one k. */
  record PassK(int k, String atK, String hatK) {}

  /** Each arm against the baseline, and how the statistics were computed. */
  record Findings(Statistics statistics) {
    String baseline() {
      return statistics.baseline();
    }

    List<Versus> comparisons() {
      return statistics.comparisons().stream().map(Versus::new).toList();
    }

    String method() {
      return ReportText.method(statistics);
    }
  }

  /** One arm against the baseline: the findings, the cases that flip, and the efficiency table. */
  record Versus(PairedStatistics pair) {
    List<Line> findings() {
      return pair.findings().stream().map(Line::of).toList();
    }

    /** The lists of case ids that are not empty, each with its title. */
    List<CaseList> caseLists() {
      List<CaseList> lists = new ArrayList<>();
      lists.add(new CaseList("Pass only with " + pair.arm(), pair.flips().armOnly()));
      lists.add(new CaseList("Pass only with " + pair.baseline(), pair.flips().baselineOnly()));
      lists.add(new CaseList("Left out (no verdict in one of the two)", pair.unpairedCases()));
      return lists.stream().filter(l -> !l.ids().isEmpty()).toList();
    }

    /** The efficiency table's rows, as report.md has them; none without a paired measure. */
    List<List<String>> efficiency() {
      return ReportText.efficiency(pair);
    }
  }

  /** A finding with its badge; {@code css} is its kind, or whether a test was significant. */
  record Line(String css, String badge, String text) {
    static Line of(Finding f) {
      if (!f.kind().equals("test")) {
        return new Line(f.kind(), f.kind(), f.text());
      }
      return f.significant()
          ? new Line("sig", "significant", f.text())
          : new Line("ns", "not significant", f.text());
    }
  }

  record CaseList(String title, List<String> ids) {}
}
