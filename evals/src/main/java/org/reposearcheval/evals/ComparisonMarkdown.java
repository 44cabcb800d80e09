package org.reposearcheval.evals;

import java.util.List;
import java.util.Locale;

/** {@code compare}'s Markdown: made to read well in a GitHub job summary. */
public final class ComparisonMarkdown {
  private ComparisonMarkdown() {}

  public static String render(Comparison c) {
    StringBuilder md = new StringBuilder();
    md.append(
        c.regressed()
            ? "## ❌ Regression beyond the thresholds\n\n"
            : "## ✅ No regression beyond the thresholds\n\n");
    md.append("Base `")
        .append(c.base())
        .append("` → head `")
        .append(c.head())
        .append("`. ")
        .append(
            String.format(
                Locale.ROOT,
                "Thresholds: a mode's pass rate may fall by %d points at most, its cost rise by"
                    + " %s at most.%n%n",
                Math.round(c.thresholds().maxPassRateDrop() * 100),
                Numbers.change(c.thresholds().maxCostIncrease()).replace("+", "")));
    for (String regression : c.regressions()) {
      md.append("- ❌ ").append(regression).append('\n');
    }
    if (!c.regressions().isEmpty()) {
      md.append('\n');
    }

    md.append("### Pass rate per mode\n\nOn the cases that reached a verdict in both runs.\n\n")
        .append(
            "| mode | base | head | change (95% CI) | fixed | regressed | McNemar p | cost | median"
                + " duration |\n")
        .append("|---|---:|---:|---|---:|---:|---:|---|---|\n");
    for (Comparison.ModeChange m : c.modes()) {
      PairedStatistics s = m.changes();
      md.append("| ")
          .append(m.mode())
          .append(" | ")
          .append(Numbers.percent(m.basePassRate()))
          .append(" | ")
          .append(Numbers.percent(m.headPassRate()))
          .append(" | ")
          .append(interval(s.passRateDelta()))
          .append(" | ")
          .append(m.fixed().size())
          .append(" | ")
          .append(m.regressed().size())
          .append(" | ")
          .append(s.pairedCases() == 0 ? "–" : Numbers.p(s.mcnemar().pValue()))
          .append(" | ")
          .append(cost(m))
          .append(" | ")
          .append(duration(s.durationMs()))
          .append(" |\n");
    }

    if (!c.advantages().isEmpty()) {
      md.append("\n### Advantage over the baseline\n\nEach arm's pass rate minus the baseline's,")
          .append(" on the cases that reached a verdict in both arms of both runs.\n\n")
          .append("| arm | base | head | change (95% CI) | cases |\n|---|---:|---:|---|---:|\n");
      for (Comparison.AdvantageChange a : c.advantages()) {
        md.append("| ")
            .append(a.arm())
            .append(" − ")
            .append(a.baseline())
            .append(" | ")
            .append(Numbers.points(a.baseAdvantage()))
            .append(" | ")
            .append(Numbers.points(a.headAdvantage()))
            .append(" | ")
            .append(interval(a.change()))
            .append(" | ")
            .append(a.cases())
            .append(" |\n");
      }
    }

    md.append("\n### In words\n");
    for (Comparison.ModeChange m : c.modes()) {
      md.append("\n**").append(m.mode()).append("**\n\n");
      for (Findings.Finding f : Findings.of(m.changes(), Inference.ALPHA)) {
        md.append("- ").append(f.significant() ? "**" + f.text() + "**" : f.text()).append('\n');
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
          .append(interval(a.change()))
          .append(" that ")
          .append(a.change().excludesZero() ? "excludes" : "includes")
          .append(" 0.\n");
    }

    List<String[]> changed = new java.util.ArrayList<>();
    for (Comparison.ModeChange m : c.modes()) {
      m.regressed()
          .forEach(
              id -> changed.add(new String[] {id, m.mode(), "✅ passed", "❌ failed", "regressed"}));
      m.fixed()
          .forEach(id -> changed.add(new String[] {id, m.mode(), "❌ failed", "✅ passed", "fixed"}));
    }
    if (!changed.isEmpty()) {
      md.append(
          "\n### Cases that changed\n\n| case | mode | base | head | |\n|---|---|---|---|---|\n");
      for (String[] row : changed) {
        md.append("| `")
            .append(row[0])
            .append("` | ")
            .append(row[1])
            .append(" | ")
            .append(row[2])
            .append(" | ")
            .append(row[3])
            .append(" | ")
            .append(row[4])
            .append(" |\n");
      }
    }
    if (!c.notes().isEmpty()) {
      md.append("\n### Notes\n\n");
      c.notes().forEach(n -> md.append("- ").append(n).append('\n'));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nA case passes when at least half its runs pass. Intervals: percentile bootstrap"
                + " over cases (%,d resamples, seed %d); tests: McNemar's exact test on the"
                + " changed cases, Wilcoxon's signed-rank test per case; significance at %s."
                + " The thresholds decide the exit code, not the p-values.%n",
            Inference.BOOTSTRAP_RESAMPLES,
            Inference.SEED,
            Numbers.p(Inference.ALPHA).replaceAll("0+$", "")));
    return md.toString();
  }

  private static String interval(PairedStatistics.Interval i) {
    return i == null
        ? "–"
        : Numbers.points(i.estimate())
            + " ("
            + Numbers.points(i.ciLow())
            + " to "
            + Numbers.points(i.ciHigh())
            + ")";
  }

  private static String cost(Comparison.ModeChange m) {
    if (m.baseCostUsd() == null || m.headCostUsd() == null) {
      return "–";
    }
    String change =
        m.baseCostUsd() > 0
            ? " (" + Numbers.change(m.headCostUsd() / m.baseCostUsd() - 1) + ")"
            : "";
    return Numbers.money(m.baseCostUsd()) + " → " + Numbers.money(m.headCostUsd()) + change;
  }

  private static String duration(PairedStatistics.Measure d) {
    return d == null || d.pairs() == 0
        ? "–"
        : Numbers.duration(d.baselineMedian())
            + " → "
            + Numbers.duration(d.armMedian())
            + (d.pValue() == null ? "" : " (" + Numbers.pEquals(d.pValue()) + ")");
  }
}
