package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Finding;
import org.reposearcheval.evals.score.Inference;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.score.Summary;
import org.reposearcheval.evals.util.Durations;

/** {@code report.md}: the report for people, in GitHub-flavoured Markdown. */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String render(Report report) {
    StringBuilder md = new StringBuilder("# repo-search-eval report\n\n");
    Report.Config config = report.config();
    Report.Timing timing = report.timing();
    md.append(
        String.format(
            Locale.ROOT,
            "Started %s, finished %s: wall %s for %s of runs, speedup %.1f× at --parallel %d.%n%n",
            report.startedAt(),
            report.finishedAt(),
            Durations.format(timing.wallMs()),
            Durations.format(timing.sumRunMs()),
            timing.speedup(),
            timing.parallel()));
    md.append("Claude Code ")
        .append(or(config.claudeCodeVersion(), "unknown"))
        .append(" · model ")
        .append(or(config.model(), "default"))
        .append(" · ")
        .append(config.runs())
        .append(config.runs() == 1 ? " run" : " runs")
        .append(" per case and mode")
        .append(
            config.tags().isEmpty() ? "" : " · cases tagged " + String.join(", ", config.tags()))
        .append(" · timeout ")
        .append(config.timeout())
        .append(" · cases `")
        .append(config.casesDir())
        .append("` · repository `")
        .append(config.repo())
        .append('`');
    for (Report.ArmConfig arm : config.arms()) {
      if (arm.mcpConfig() != null || arm.model() != null) {
        md.append(" · ").append(arm.name()).append(':');
        if (arm.mcpConfig() != null) {
          md.append(" MCP config `")
              .append(arm.mcpConfig())
              .append("` (")
              .append(String.join(", ", arm.mcpServers()))
              .append(')');
        }
        if (arm.model() != null) {
          md.append(" model ").append(arm.model());
        }
      }
    }
    if (!config.hiddenFromAgent().isEmpty()) {
      md.append(" · agents worked on a copy of the repository without `")
          .append(String.join("`, `", config.hiddenFromAgent()))
          .append('`');
    }
    md.append("\n\n## Summary by mode\n\n");
    Map<String, Summary.ModeSummary> modes = report.summary().byMode();
    List<String> labels = new ArrayList<>(modes.keySet());
    md.append("| |");
    labels.forEach(l -> md.append(' ').append(l).append(" |"));
    md.append("\n|---|").append("---:|".repeat(labels.size())).append('\n');
    row(md, "runs", labels, modes, s -> String.valueOf(s.runs()));
    row(md, "passed", labels, modes, s -> String.valueOf(s.passed()));
    row(md, "failed", labels, modes, s -> String.valueOf(s.failed()));
    row(md, "errors", labels, modes, s -> String.valueOf(s.errors()));
    row(md, "timeouts", labels, modes, s -> String.valueOf(s.timeouts()));
    row(md, "invalid", labels, modes, s -> String.valueOf(s.invalid()));
    row(md, "cancelled", labels, modes, s -> String.valueOf(s.cancelled()));
    row(md, "**pass rate**", labels, modes, s -> "**" + percent(s.passRate()) + "**");
    row(md, "95% interval", labels, modes, MarkdownReport::interval);
    if (config.runs() > 1) {
      row(md, "pass@1 (mean over cases)", labels, modes, s -> percent(s.passAt1()));
      for (int k = 2; k <= config.runs(); k++) {
        int kk = k;
        row(
            md,
            "pass@" + k + " (some of " + k + " runs passes)",
            labels,
            modes,
            s -> passK(s, kk, true));
        row(
            md,
            "pass^" + k + " (all " + k + " runs pass)",
            labels,
            modes,
            s -> passK(s, kk, false));
      }
      row(md, "flaky cases", labels, modes, s -> String.valueOf(s.flakyCases().size()));
    }
    row(md, "median duration", labels, modes, s -> duration(s.medianDurationMs()));
    row(
        md,
        "total cost",
        labels,
        modes,
        s -> String.format(Locale.ROOT, "$%.2f", s.totalCostUsd()));
    row(md, "mean tool calls", labels, modes, s -> decimal(s.meanToolCalls()));
    row(md, "mean MCP tool calls", labels, modes, s -> decimal(s.meanMcpToolCalls()));
    md.append(
        "\nPass rate counts answers only: passed / (passed + failed). Errors, timeouts, invalid and"
            + " cancelled runs are listed below and never count as a pass or a fail. The interval"
            + " is Wilson's 95% score interval."
            + (config.runs() > 1
                ? " pass@k and pass^k are the unbiased estimates from each case's verdicts (Chen"
                    + " et al. 2021; τ-bench), averaged over the cases with at least k verdicts;"
                    + " the others are left out and counted."
                : "")
            + "\n");
    for (String label : labels) {
      List<String> flaky = modes.get(label).flakyCases();
      if (!flaky.isEmpty()) {
        md.append("\nFlaky in ")
            .append(label)
            .append(" (passed and failed across runs): `")
            .append(String.join("`, `", flaky))
            .append("`.\n");
      }
    }
    statistics(md, report.statistics());
    md.append(AdoptionReport.markdown(report));

    List<PairedStatistics> pairs =
        report.statistics() == null ? List.of() : report.statistics().comparisons();
    md.append("\n## By case\n\n| case |");
    labels.forEach(l -> md.append(' ').append(l).append(" |"));
    md.append(pairs.isEmpty() ? "" : " flips |");
    md.append("\n|---|").append("---|".repeat(labels.size() + (pairs.isEmpty() ? 0 : 1)));
    md.append('\n');
    for (Summary.CaseSummary c : report.summary().byCase()) {
      md.append("| ").append(cell(c.caseId())).append(" |");
      for (String label : labels) {
        Summary.CaseModeSummary s = c.byMode().get(label);
        md.append(' ').append(s == null ? "–" : caseCell(s)).append(" |");
      }
      if (!pairs.isEmpty()) {
        List<String> flips = flips(pairs, c.caseId());
        md.append(' ').append(flips.isEmpty() ? "" : "**" + String.join("; ", flips) + "**");
        md.append(" |");
      }
      md.append('\n');
    }

    List<RunResult> attention =
        report.rawResults().stream().filter(r -> r.status() != RunStatus.PASSED).toList();
    if (!attention.isEmpty()) {
      md.append(
              "\n"
                  + "## Runs that did not pass\n\n"
                  + "| # | case | mode | run | status | why | transcript |\n")
          .append("|---:|---|---|---:|---|---|---|\n");
      for (RunResult r : attention) {
        String why =
            r.status() == RunStatus.FAILED
                ? "missed: " + String.join("; ", r.failedExpectations())
                : or(r.error(), "");
        md.append("| ")
            .append(r.index())
            .append(" | ")
            .append(cell(r.caseId()))
            .append(" | ")
            .append(r.mode())
            .append(" | ")
            .append(r.run())
            .append(" | ")
            .append(r.status().label())
            .append(" | ")
            .append(cell(why))
            .append(" | ")
            .append(r.transcript() == null ? "" : "[jsonl](" + r.transcript() + ")")
            .append(" |\n");
      }
    }
    return md.toString();
  }

  private static void statistics(StringBuilder md, Statistics statistics) {
    if (statistics == null || statistics.comparisons().isEmpty()) {
      return;
    }
    md.append("\n## Is the difference real?\n\nEach arm against the baseline, ")
        .append(statistics.baseline())
        .append(", on the cases that reached a verdict in both (a case passes in an arm when at")
        .append(" least half its runs there pass). The pass rate is decided by McNemar's exact")
        .append(" test on the flips, each measure by Wilcoxon's signed-rank test; p-values are")
        .append(" Holm-adjusted within each family of tests. **Bold**: significant at ")
        .append(Numbers.alpha(statistics.alpha()))
        .append(".\n");
    for (PairedStatistics pair : statistics.comparisons()) {
      md.append("\n### ").append(pair.arm()).append(" against ").append(pair.baseline());
      md.append("\n\n");
      for (Finding finding : pair.findings()) {
        md.append("- ")
            .append(finding.significant() ? "**" + finding.text() + "**" : finding.text())
            .append('\n');
      }
      if (!pair.flips().armOnly().isEmpty()) {
        md.append("- Pass only with ")
            .append(pair.arm())
            .append(": `")
            .append(String.join("`, `", pair.flips().armOnly()))
            .append("`\n");
      }
      if (!pair.flips().baselineOnly().isEmpty()) {
        md.append("- Pass only with ")
            .append(pair.baseline())
            .append(": `")
            .append(String.join("`, `", pair.flips().baselineOnly()))
            .append("`\n");
      }
      if (!pair.unpairedCases().isEmpty()) {
        md.append("- Left out (no verdict in one of the two): `")
            .append(String.join("`, `", pair.unpairedCases()))
            .append("`\n");
      }
    }
    md.append("\n").append(method(statistics)).append('\n');
  }

  /** How the statistics were computed, in one paragraph; HTML prints the same. */
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

  /** A pass@k or pass^k cell, with the cases left out of that k. */
  static String passK(Summary.ModeSummary s, int k, boolean atK) {
    Summary.PassK p = s.passK(k);
    if (p == null) {
      return "–";
    }
    String value = percent(atK ? p.passAtK() : p.passHatK());
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

  private static String interval(Summary.ModeSummary s) {
    return s.passRateCiLow() == null
        ? "–"
        : percent(s.passRateCiLow()) + "–" + percent(s.passRateCiHigh());
  }

  private static String caseCell(Summary.CaseModeSummary s) {
    String mark =
        s.passRate() == null ? "⚠️" : s.passed() == s.runs() ? "✅" : s.passed() == 0 ? "❌" : "〰️";
    StringBuilder cell =
        new StringBuilder(mark).append(' ').append(s.passed()).append('/').append(s.runs());
    if (s.medianDurationMs() != null) {
      cell.append(" · ").append(Durations.format(s.medianDurationMs()));
    }
    if (s.meanMcpToolCalls() != null && s.meanMcpToolCalls() > 0) {
      cell.append(" · ").append(decimal(s.meanMcpToolCalls())).append(" MCP calls");
    }
    if (s.passRate() == null) {
      cell.append(" · ").append(String.join(", ", s.statuses()));
    }
    return cell.toString();
  }

  private static void row(
      StringBuilder md,
      String name,
      List<String> labels,
      Map<String, Summary.ModeSummary> modes,
      Function<Summary.ModeSummary, String> value) {
    md.append("| ").append(name).append(" |");
    labels.forEach(l -> md.append(' ').append(value.apply(modes.get(l))).append(" |"));
    md.append('\n');
  }

  private static String percent(Double rate) {
    return rate == null ? "–" : String.format(Locale.ROOT, "%.0f%%", rate * 100);
  }

  private static String decimal(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String duration(Long millis) {
    return millis == null ? "–" : Durations.format(millis);
  }

  private static String or(String value, String fallback) {
    return value == null ? fallback : value;
  }

  /** Table cells hold one line and no pipes. */
  private static String cell(String text) {
    String flat = text.replace("|", "\\|").replaceAll("\\s+", " ").strip();
    return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
  }
}
