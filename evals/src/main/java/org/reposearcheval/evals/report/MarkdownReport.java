package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.Summary;
import org.reposearcheval.evals.util.Durations;

/** {@code report.md}: the report for people, in GitHub-flavoured Markdown. */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String render(Report report) {
    StringBuilder md = new StringBuilder("# repo-search-eval report\n\n");
    SettingsMarkdown.render(md, report);
    MoneyBudget money = MoneyBudget.of(report);
    if (money != null) {
      md.append(money.describe()).append("\n\n");
    }
    List<String> labels = new ArrayList<>(report.summary().byArm().keySet());
    summary(md, report, labels);
    preparations(md, report.timing().preparations());
    passedWithoutRepo(md, report);
    StatisticsMarkdown.render(md, report.statistics(), report.timing().preparations());
    md.append(AdoptionMarkdown.render(report)).append(ManifestMarkdown.render(report));
    md.append(JudgeMarkdown.render(report));
    cases(md, report, labels);
    notPassed(md, report);
    return md.toString();
  }

  /**
   * The cases a control arm (no repository) passed: their answers were known without the
   * repository, so they say little about searching it.
   */
  private static void passedWithoutRepo(StringBuilder md, Report report) {
    for (ArmConfig arm : report.config().arms()) {
      if (!arm.withoutRepo()) {
        continue;
      }
      List<String> passed =
          report.rawResults().stream()
              .filter(r -> r.arm().equals(arm.name()) && r.status() == RunStatus.PASSED)
              .map(RunResult::caseId)
              .distinct()
              .toList();
      md.append("\n\n## Passed without the repository (").append(arm.name()).append(")\n\n");
      if (passed.isEmpty()) {
        md.append("No case: every answer needed the repository.\n");
      } else {
        md.append(passed.size())
            .append(passed.size() == 1 ? " case was" : " cases were")
            .append(" answered in an empty directory with no MCP server, so the agent knew or")
            .append(" guessed the answer: `")
            .append(String.join("`, `", passed))
            .append("`.\n");
      }
    }
  }

  private static void summary(StringBuilder md, Report report, List<String> labels) {
    int runs = report.config().runs();
    Map<String, Summary.ArmSummary> arms = report.summary().byArm();
    md.append("\n\n## Summary by mode\n\n").append(Markdown.header("", labels, "---:|"));
    row(md, "runs", labels, arms, Summary.ArmSummary::runs);
    row(md, "passed", labels, arms, Summary.ArmSummary::passed);
    row(md, "failed", labels, arms, Summary.ArmSummary::failed);
    row(md, "errors", labels, arms, Summary.ArmSummary::errors);
    row(md, "timeouts", labels, arms, Summary.ArmSummary::timeouts);
    row(md, "invalid", labels, arms, Summary.ArmSummary::invalid);
    row(md, "cancelled", labels, arms, Summary.ArmSummary::cancelled);
    row(md, "**pass rate**", labels, arms, s -> "**" + Numbers.percent(s.passRate()) + "**");
    row(md, "95% interval", labels, arms, MarkdownReport::interval);
    if (runs > 1) {
      row(md, "pass@1 (mean over cases)", labels, arms, s -> Numbers.percent(s.passAt1()));
      for (int k = 2; k <= runs; k++) {
        int kk = k;
        String some = "pass@" + k + " (some of " + k + " runs passes)";
        String all = "pass^" + k + " (all " + k + " runs pass)";
        row(md, some, labels, arms, s -> ReportText.passK(s, kk, true));
        row(md, all, labels, arms, s -> ReportText.passK(s, kk, false));
      }
      row(md, "flaky cases", labels, arms, s -> s.flakyCases().size());
    }
    row(md, "median duration", labels, arms, s -> Numbers.durationMs(s.medianDurationMs()));
    row(md, "total cost", labels, arms, Summary.ArmSummary::totalCost);
    row(md, "mean tool calls", labels, arms, s -> Numbers.decimal(s.meanToolCalls()));
    row(md, "mean MCP tool calls", labels, arms, s -> Numbers.decimal(s.meanMcpToolCalls()));
    md.append(
        "\nPass rate counts answers only: passed / (passed + failed). Errors, timeouts, invalid and"
            + " cancelled runs are listed below and never count as a pass or a fail. The interval"
            + " is Wilson's 95% score interval."
            + (runs > 1
                ? " pass@k and pass^k are the unbiased estimates from each case's verdicts (Chen"
                    + " et al. 2021; τ-bench), averaged over the cases with at least k verdicts;"
                    + " the others are left out and counted."
                : "")
            + "\n");
    Summary.CommonCost common = report.summary().commonCost();
    if (common != null) {
      md.append('\n').append(common.describe()).append('\n');
    }
    for (String label : labels) {
      List<String> flaky = arms.get(label).flakyCases();
      if (!flaky.isEmpty()) {
        md.append("\nFlaky in ")
            .append(label)
            .append(" (passed and failed across runs): `")
            .append(String.join("`, `", flaky))
            .append("`.\n");
      }
    }
  }

  private static void row(
      StringBuilder md,
      String name,
      List<String> labels,
      Map<String, Summary.ArmSummary> arms,
      Function<Summary.ArmSummary, Object> value) {
    md.append(Markdown.labelled(name, labels.stream().map(l -> value.apply(arms.get(l))).toList()));
  }

  /**
   * The MCP servers' prepare steps, timed apart from the runs: per server, what it prepared and how
   * long it took, then each failed step with its output, the reason its runs did not start.
   */
  private static void preparations(StringBuilder md, List<Preparation> preparations) {
    if (preparations.isEmpty()) {
      return;
    }
    md.append("\n## Prepare steps\n\n")
        .append("Each MCP server's prepare step ran once per checkout, before the first run that")
        .append(" needed it; its time is in no run's duration.\n\n");
    ReportText.preparations(preparations).forEach(l -> md.append("- ").append(l).append('\n'));
    List<Preparation> failed = ReportText.failedPreparations(preparations);
    if (!failed.isEmpty()) {
      md.append("\n| server | checkout | status | after | output |\n|---|---|---|---:|---|\n");
      for (Preparation p : failed) {
        md.append("| ")
            .append(Markdown.cell(p.server()))
            .append(" | ")
            .append(Markdown.cell(p.checkout()))
            .append(" | ")
            .append(p.status())
            .append(p.exitCode() == null ? "" : " (exit code " + p.exitCode() + ")")
            .append(" | ")
            .append(Durations.format(p.durationMs()))
            .append(" | ")
            .append(Markdown.cell(p.output()))
            .append(" |\n");
      }
    }
  }

  private static void cases(StringBuilder md, Report report, List<String> labels) {
    List<PairedStatistics> pairs = ReportText.comparisons(report);
    List<String> columns = new ArrayList<>(labels);
    if (!pairs.isEmpty()) {
      columns.add("flips");
    }
    boolean auto = report.config().autoRuns();
    if (auto) {
      columns.add(ReportText.ALLOCATION_COLUMN);
    }
    md.append("\n## By case\n\n").append(Markdown.header("case", columns, "---|"));
    for (Summary.CaseSummary c : report.summary().byCase()) {
      List<Object> cells = new ArrayList<>();
      cells.add(Markdown.cell(c.caseId()));
      for (String label : labels) {
        Summary.CaseArmSummary s = c.byArm().get(label);
        cells.add(s == null ? "–" : caseCell(s));
      }
      if (!pairs.isEmpty()) {
        List<String> flips = ReportText.flips(pairs, c.caseId());
        cells.add(flips.isEmpty() ? "" : "**" + String.join("; ", flips) + "**");
      }
      if (auto) {
        cells.add(Objects.requireNonNullElse(c.allocation(), ""));
      }
      md.append(Markdown.row(cells.toArray()));
    }
  }

  private static void notPassed(StringBuilder md, Report report) {
    List<RunResult> notPassed = ReportText.notPassed(report);
    if (notPassed.isEmpty()) {
      return;
    }
    md.append(
            "\n"
                + "## Runs that did not pass\n\n"
                + "| # | case | mode | run | status | why | transcript |\n")
        .append("|---:|---|---|---:|---|---|---|\n");
    for (RunResult r : notPassed) {
      md.append(
          Markdown.row(
              r.index(),
              Markdown.cell(r.caseId()),
              r.arm(),
              r.run(),
              r.status().label(),
              Markdown.cell(ReportText.why(r)),
              Markdown.transcript(r)));
    }
  }

  private static String interval(Summary.ArmSummary s) {
    return s.passRateCiLow() == null
        ? "–"
        : Numbers.percent(s.passRateCiLow()) + "–" + Numbers.percent(s.passRateCiHigh());
  }

  private static String caseCell(Summary.CaseArmSummary s) {
    String mark =
        s.passRate() == null ? "⚠️" : s.passed() == s.runs() ? "✅" : s.passed() == 0 ? "❌" : "〰️";
    StringBuilder cell =
        new StringBuilder(mark).append(' ').append(s.passed()).append('/').append(s.runs());
    if (s.medianDurationMs() != null) {
      cell.append(" · ").append(Durations.format(s.medianDurationMs()));
    }
    if (s.meanMcpToolCalls() != null && s.meanMcpToolCalls() > 0) {
      cell.append(" · ").append(Numbers.decimal(s.meanMcpToolCalls())).append(" MCP calls");
    }
    if (s.passRate() == null) {
      cell.append(" · ").append(String.join(", ", s.statuses()));
    }
    return cell.toString();
  }
}
