package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Writes {@code report.json} and {@code report.md}, each atomically (temporary file, rename). */
public final class ReportWriter {
  public static final String JSON = "report.json";
  public static final String MARKDOWN = "report.md";

  private ReportWriter() {}

  public static void write(Report report, Path dir) throws IOException {
    Files.createDirectories(dir);
    writeAtomically(dir.resolve(JSON), Json.MAPPER.writeValueAsString(report) + "\n");
    writeAtomically(dir.resolve(MARKDOWN), markdown(report));
  }

  public static Report read(Path file) {
    return Json.MAPPER.readValue(file.toFile(), Report.class);
  }

  static void writeAtomically(Path target, String content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
    try {
      Files.writeString(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  static String markdown(Report report) {
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
        .append(config.tags().isEmpty() ? "" : " · cases tagged " + String.join(", ", config.tags()))
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
    Map<String, Report.ModeSummary> modes = report.summary().byMode();
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
            + " cancelled runs are listed below and never count as a pass or a fail.\n");

    md.append("\n## By case\n\n| case |");
    labels.forEach(l -> md.append(' ').append(l).append(" |"));
    md.append("\n|---|").append("---|".repeat(labels.size())).append('\n');
    for (Report.CaseSummary c : report.summary().byCase()) {
      md.append("| ").append(cell(c.caseId())).append(" |");
      for (String label : labels) {
        Report.CaseModeSummary s = c.byMode().get(label);
        md.append(' ').append(s == null ? "–" : caseCell(s)).append(" |");
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

  private static String caseCell(Report.CaseModeSummary s) {
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
      Map<String, Report.ModeSummary> modes,
      Function<Report.ModeSummary, String> value) {
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
