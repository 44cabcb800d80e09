package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import org.reposearcheval.evals.score.Finding;
import org.reposearcheval.evals.score.Interval;
import org.reposearcheval.evals.score.Measure;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.Statistics;

/** {@code compare}'s Markdown: made to read well in a GitHub job summary. */
public final class ComparisonMarkdown {
  private ComparisonMarkdown() {}

  public static String render(Comparison c) {
    StringBuilder md = new StringBuilder();
    md.append(
        c.regressed()
            ? "## ❌ Regression beyond the thresholds\n\n"
            : "## ✅ No regression beyond the thresholds\n\n");
    Comparison.Thresholds t = c.thresholds();
    md.append("Base `")
        .append(c.base())
        .append("` → head `")
        .append(c.head())
        .append("`. Thresholds: a mode's answer rate may fall by ")
        .append(Math.round(t.maxAnswerRateDrop() * 100))
        .append(" points at most")
        .append(
            t.maxAnswerRateDrop() == 0
                ? " (no case that answered may stop answering)"
                : " (and as large a share of its answered cases may stop answering)")
        .append(", its pass rate by ")
        .append(Math.round(t.maxPassRateDrop() * 100))
        .append(" points, its cost rise by ")
        .append(Numbers.change(t.maxCostIncrease()).replace("+", ""))
        .append(".\n\n");
    if (!c.setup().isEmpty()) {
      md.append("### ⚠️ The setup changed\n\n");
      c.setup().forEach(change -> md.append("- ").append(change.describe()).append('\n'));
      md.append(
          "\nWhat changed below may come from the setup as much as from the change under test;"
              + " `--require-same-setup` makes a change of setup an error.\n\n");
    }
    Comparison.SuiteChange suite = c.suite();
    if (suite.any()) {
      md.append("### ⚠️ The suite changed\n\n");
      if (!suite.removed().isEmpty()) {
        md.append("- Only in the base (removed): `")
            .append(String.join("`, `", suite.removed()))
            .append("`\n");
      }
      if (!suite.added().isEmpty()) {
        md.append("- Only in the head (added): `")
            .append(String.join("`, `", suite.added()))
            .append("`\n");
      }
      if (!suite.changed().isEmpty()) {
        md.append("- Changed (the case file differs between base and head): `")
            .append(String.join("`, `", suite.changedIds()))
            .append("`\n");
      }
      md.append("\nThese cases are not compared: ")
          .append(
              suite.changed().isEmpty()
                  ? ""
                  : "a changed case is neither fixed nor regressed, and every figure below (answer"
                      + " rate, pass rate, cost, duration) is over the "
                      + Numbers.plural(suite.unchanged(), "case", "cases")
                      + " the same in both runs. ")
          .append("`--require-same-suite` makes a change of suite an error.\n\n");
    }
    for (String regression : c.regressions()) {
      md.append("- ❌ ").append(regression).append('\n');
    }
    if (!c.regressions().isEmpty()) {
      md.append('\n');
    }

    String unchanged = suite.changed().isEmpty() ? "" : " of the unchanged cases";
    md.append("### Answers per mode\n\nRuns that ended with a verdict (passed or failed) of all")
        .append(" runs")
        .append(unchanged)
        .append(".\n\n| mode | base | head | stopped answering |\n|---|---:|---:|---|\n");
    for (Comparison.ArmChange m : c.arms()) {
      Comparison.Answers a = m.answers();
      md.append(
          Markdown.row(
              m.arm(),
              answerRate(a.baseRate(), a.baseAnswered(), a.baseRuns()),
              answerRate(a.headRate(), a.headAnswered(), a.headRuns()),
              a.stoppedAnswering().isEmpty()
                  ? "none"
                  : String.join(
                      ", ",
                      a.stoppedAnswering().stream()
                          .map(u -> "`" + u.caseId() + "` (" + u.head() + ")")
                          .toList())));
    }

    md.append("\n### Pass rate per mode\n\nOn the")
        .append(suite.changed().isEmpty() ? "" : " unchanged")
        .append(" cases that reached a verdict in both runs; cost summed over those that")
        .append(" reported one in both.\n\n")
        .append(
            "| mode | base | head | change (95% CI) | fixed | regressed | McNemar p | cost | median"
                + " duration |\n")
        .append("|---|---:|---:|---|---:|---:|---:|---|---|\n");
    for (Comparison.ArmChange m : c.arms()) {
      PairedStatistics s = m.changes();
      md.append(
          Markdown.row(
              m.arm(),
              Numbers.percent(m.basePassRate()),
              Numbers.percent(m.headPassRate()),
              interval(s.passRateDelta()),
              m.fixed().size(),
              m.regressed().size(),
              s.mcnemar().decision() == null ? "–" : Numbers.p(s.mcnemar().decision().pValue()),
              cost(m),
              duration(s.durationMs())));
    }

    if (!c.advantages().isEmpty()) {
      md.append("\n### Advantage over the baseline\n\nEach arm's pass rate minus the baseline's,")
          .append(" on the cases that reached a verdict in both arms of both runs.\n\n")
          .append("| arm | base | head | change (95% CI) | cases |\n|---|---:|---:|---|---:|\n");
      for (Comparison.AdvantageChange a : c.advantages()) {
        md.append(
            Markdown.row(
                a.arm() + " − " + a.baseline(),
                Numbers.points(a.baseAdvantage()),
                Numbers.points(a.headAdvantage()),
                interval(a.change()),
                a.cases()));
      }
    }

    md.append("\n### In words\n");
    for (Comparison.ArmChange m : c.arms()) {
      md.append("\n**").append(m.arm()).append("**\n\n");
      for (Finding f : m.changes().findings()) {
        md.append(Markdown.finding(f));
      }
    }
    if (!c.advantages().isEmpty()) {
      md.append("\n**Advantage over the baseline**\n\n");
    }
    for (Comparison.AdvantageChange a : c.advantages()) {
      md.append("- ")
          .append(a.arm())
          .append("'s advantage over ")
          .append(a.baseline())
          .append(" went from ")
          .append(Numbers.points(a.baseAdvantage()))
          .append(" to ")
          .append(Numbers.points(a.headAdvantage()))
          .append(" points: a change of ")
          .append(Numbers.points(a.change().estimate()))
          .append(", an estimate")
          .append(
              a.change().informative()
                  ? " (95% bootstrap interval "
                      + Numbers.points(a.change().ciLow())
                      + " to "
                      + Numbers.points(a.change().ciHigh())
                      + ")"
                  : " (the bootstrap interval is not informative: "
                      + a.change().notInformative()
                      + ")")
          .append(".\n");
    }

    List<String> changed = new ArrayList<>();
    suite
        .changed()
        .forEach(
            e ->
                changed.add(
                    Markdown.row(
                        "`" + e.caseId() + "`",
                        e.arm(),
                        outcome(e.base()),
                        outcome(e.head()),
                        "case file changed: not compared")));
    for (Comparison.ArmChange m : c.arms()) {
      String arm = m.arm();
      m.answers()
          .startedAnswering()
          .forEach(
              id ->
                  changed.add(
                      Markdown.row(
                          "`" + id + "`", arm, "⚠️ no verdict", "answered", "started answering")));
      m.answers()
          .stoppedAnswering()
          .forEach(
              u ->
                  changed.add(
                      Markdown.row(
                          "`" + u.caseId() + "`", arm, "answered", "⚠️ " + u.head(), "stopped")));
      m.regressed()
          .forEach(
              id ->
                  changed.add(
                      Markdown.row("`" + id + "`", arm, "✅ passed", "❌ failed", "regressed")));
      m.fixed()
          .forEach(
              id ->
                  changed.add(Markdown.row("`" + id + "`", arm, "❌ failed", "✅ passed", "fixed")));
    }
    if (!changed.isEmpty()) {
      md.append(
          "\n### Cases that changed\n\n| case | mode | base | head | |\n|---|---|---|---|---|\n");
      changed.forEach(md::append);
    }
    if (!c.notes().isEmpty()) {
      md.append("\n### Notes\n\n");
      c.notes().forEach(n -> md.append("- ").append(n).append('\n'));
    }
    md.append("\nA case passes when at least half its runs pass. ")
        .append(
            "The thresholds decide the exit code, not the p-values; the tests say whether a change"
                + " is more than chance. ")
        .append(ReportText.method(Statistics.of(List.of(), List.of())))
        .append('\n');
    return md.toString();
  }

  /** {@code ✅ passed}, {@code ❌ failed 1 of 3}, {@code ⚠️ timeout}. */
  private static String outcome(String outcome) {
    return (outcome.startsWith("passed") ? "✅ " : outcome.startsWith("failed") ? "❌ " : "⚠️ ")
        + outcome;
  }

  /** {@code 50% (3/6)}. */
  private static String answerRate(Double rate, int answered, int runs) {
    return Numbers.percent(rate) + " (" + answered + "/" + runs + ")";
  }

  private static String interval(Interval i) {
    if (i == null) {
      return "–";
    }
    return i.informative()
        ? Numbers.points(i.estimate())
            + " ("
            + Numbers.points(i.ciLow())
            + " to "
            + Numbers.points(i.ciHigh())
            + ")"
        : Numbers.points(i.estimate()) + " (not informative)";
  }

  private static String cost(Comparison.ArmChange m) {
    if (m.baseCostUsd() == null || m.headCostUsd() == null) {
      return m.costUnknownInHead().isEmpty() ? "–" : "unknown in head";
    }
    String change =
        m.baseCostUsd() > 0
            ? " (" + Numbers.change(m.headCostUsd() / m.baseCostUsd() - 1) + ")"
            : "";
    int paired = m.changes().pairedCases();
    return String.join(" → ", Numbers.money(List.of(m.baseCostUsd(), m.headCostUsd())))
        + change
        + (m.costCases() < paired ? " over " + m.costCases() + " of " + paired + " cases" : "")
        + (m.costUnknownInHead().isEmpty()
            ? ""
            : ", unknown in head for " + m.costUnknownInHead().size())
        + (m.changes().costEstimated() ? " (estimated)" : "");
  }

  private static String duration(Measure d) {
    return d == null || d.pairs() == 0
        ? "–"
        : Numbers.duration(d.baselineMedian())
            + " → "
            + Numbers.duration(d.armMedian())
            + (d.decision() == null ? "" : " (" + Numbers.pEquals(d.decision().pValue()) + ")");
  }
}
