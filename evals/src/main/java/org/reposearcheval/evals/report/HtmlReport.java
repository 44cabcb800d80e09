package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.score.Summary;
import org.reposearcheval.evals.util.Durations;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, nothing loaded from
 * the network) that says what the numbers mean: summary cards, the statistics in words, charts of
 * pass rate, duration and cost per arm, the per-case table with flips highlighted, and links to the
 * transcripts. The markup is in the templates {@code src/main/jte/report} ({@code page.jte} and a
 * template per section); this class and {@link HtmlSummary}, {@link HtmlRuns} and {@link
 * AdoptionHtml} give them what to show.
 */
final class HtmlReport {
  private static final String[] PALETTE = {"#0969da", "#8250df", "#bf3989", "#1a7f37", "#bc4c00"};
  private static final String BASELINE_COLOUR = "#6e7781";

  private HtmlReport() {}

  static String render(Report report) {
    List<String> arms = new ArrayList<>(report.summary().byArm().keySet());
    String baseline = report.statistics() == null ? null : report.statistics().baseline();
    Map<String, String> colours = new LinkedHashMap<>();
    int next = 0;
    for (String arm : arms) {
      colours.put(arm, arm.equals(baseline) ? BASELINE_COLOUR : PALETTE[next++ % PALETTE.length]);
    }
    return Html.render("report/page.jte", new Page(report, arms, colours));
  }

  /** What {@code page.jte} shows: the header and the footer, and each section's view. */
  record Page(Report report, List<String> arms, Map<String, String> colours) {
    /** Cases × modes × runs, the agent, the model and the timeout. */
    String meta() {
      ReportConfig c = report.config();
      long cases = report.rawResults().stream().map(RunResult::caseId).distinct().count();
      return cases
          + " cases × "
          + c.arms().size()
          + " modes × "
          + (c.autoRuns()
              ? "1 run, up to "
                  + c.runs()
                  + " where results differed (--runs auto:"
                  + c.runs()
                  + ")"
              : c.runs() + (c.runs() == 1 ? " run" : " runs"))
          + (c.maxCostPerRunUsd() == null
              ? ""
              : " · at most " + Numbers.money(c.maxCostPerRunUsd()) + " per run")
          + " · "
          + c.agents()
          + " · model "
          + Objects.requireNonNullElse(c.model(), "default")
          + " · timeout "
          + c.timeout();
    }

    /** When the run started and how long it took ({@link #trees} says where). */
    String started() {
      return "Started "
          + report.startedAt()
          + " · wall "
          + Durations.format(report.timing().wallMs())
          + " · speedup "
          + report.timing().speedup()
          + "× at --parallel "
          + report.timing().parallel();
    }

    List<HtmlSummary.Card> cards() {
      return HtmlSummary.cards(report, arms, colours);
    }

    /** The repositories and commits the cases were asked about, as report.md's header says. */
    String trees() {
      return SettingsMarkdown.repositories(report.config())
          .replaceFirst("^ · ", "")
          .replace("`", "");
    }

    /**
     * Per arm that ran without the repository, the cases it passed anyway: answered from memory or
     * by guessing, they say little about searching the repository.
     */
    List<String> passedWithoutRepo() {
      List<String> sentences = new java.util.ArrayList<>();
      for (ArmConfig arm : report.config().arms()) {
        if (!arm.withoutRepo()) {
          continue;
        }
        List<String> passed =
            report.rawResults().stream()
                .filter(
                    r ->
                        r.arm().equals(arm.name())
                            && r.status() == org.reposearcheval.evals.run.RunStatus.PASSED)
                .map(RunResult::caseId)
                .distinct()
                .toList();
        sentences.add(
            "Passed without the repository ("
                + arm.name()
                + "): "
                + (passed.isEmpty()
                    ? "no case; every answer needed the repository."
                    : passed.size()
                        + (passed.size() == 1 ? " case was" : " cases were")
                        + " answered in an empty directory with no MCP server, so the agent knew"
                        + " or guessed the answer: "
                        + String.join(", ", passed)
                        + "."));
      }
      return sentences;
    }

    /**
     * The MCP servers' prepare steps, as report.md words them: a line per server, then one per step
     * that failed, with its own output. Empty when no server had one.
     */
    List<String> preparations() {
      List<org.reposearcheval.evals.run.Preparation> steps = report.timing().preparations();
      List<String> lines = new java.util.ArrayList<>(ReportText.preparations(steps));
      for (org.reposearcheval.evals.run.Preparation p : ReportText.failedPreparations(steps)) {
        lines.add(
            p.server()
                + " in "
                + p.checkout()
                + ": "
                + p.status()
                + (p.exitCode() == null ? "" : " (exit code " + p.exitCode() + ")")
                + " after "
                + Durations.format(p.durationMs())
                + ": "
                + p.output());
      }
      return lines;
    }

    /** What --max-cost allowed and kept from running; null without a budget. */
    String budget() {
      MoneyBudget money = MoneyBudget.of(report);
      return money == null ? null : money.describe();
    }

    /** The arms' costs over the same runs, when their totals cover different ones; else null. */
    String commonCost() {
      Summary.CommonCost common = report.summary().commonCost();
      return common == null ? null : common.describe();
    }

    /** The statistics in words; null without a comparison. */
    HtmlSummary.Findings findings() {
      return HtmlSummary.findings(report.statistics());
    }

    Charts charts() {
      return new Charts(
          SvgCharts.passRates(arms, report.summary().byArm(), colours::get),
          SvgCharts.strip(
              "Duration per run",
              arms,
              values(r -> (double) r.durationMs()),
              Numbers::duration,
              colours::get),
          SvgCharts.strip(
              report.rawResults().stream().anyMatch(r -> r.measures().costEstimated())
                  ? "Cost per run (estimated for some runs)"
                  : "Cost per run",
              arms,
              values(RunResult::costUsd),
              new SvgCharts.Format(
                  Numbers::money, Numbers::moneyTicks, Numbers::money, this::noCost),
              colours::get));
    }

    /**
     * Why an arm's cost row is empty: its runs answered but none reported a cost (or could be
     * priced), or none answered.
     */
    private String noCost(String arm) {
      boolean answered =
          report.rawResults().stream().anyMatch(r -> r.arm().equals(arm) && r.status().isVerdict());
      return answered ? "cost unknown: no run reported one" : "no run answered";
    }

    /** Each arm's MCP servers as they answered the harness; empty when none was asked. */
    List<ManifestReport.Row> manifest() {
      return ManifestReport.rows(report);
    }

    /** The MCP adoption section; null when no arm was offered MCP. */
    AdoptionHtml.Section adoption() {
      return AdoptionHtml.section(report);
    }

    /** The judged answers; null when no run was judged. */
    JudgeReport.Section judge() {
      return JudgeReport.section(report);
    }

    HtmlRuns.Cases cases() {
      return new HtmlRuns.Cases(report, arms);
    }

    List<RunResult> notPassed() {
      return ReportText.notPassed(report);
    }

    /** How the intervals were computed, for the footer; null without statistics. */
    String intervals() {
      Statistics statistics = report.statistics();
      return statistics == null
          ? null
          : String.format(
              Locale.ROOT,
              "Intervals: percentile bootstrap over cases (%,d resamples, seed %d) for"
                  + " differences, Wilson score interval for a mode's pass rate.",
              statistics.bootstrapResamples(),
              statistics.seed());
    }

    /** Per arm, {@code value} of each run that answered and reported it. */
    private Map<String, double[]> values(Function<RunResult, Double> value) {
      Map<String, double[]> values = new LinkedHashMap<>();
      for (String arm : arms) {
        values.put(
            arm,
            report.rawResults().stream()
                .filter(r -> r.arm().equals(arm) && r.status().isVerdict())
                .map(value)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .toArray());
      }
      return values;
    }
  }

  /**
   * The three charts as inline SVG, which the page embeds as it is: {@link SvgCharts} escapes every
   * text it puts in, and nothing else is embedded unescaped.
   */
  record Charts(String passRates, String durations, String costs) {}
}
