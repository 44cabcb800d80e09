package org.reposearcheval.cmd;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.reposearcheval.evals.Durations;
import org.reposearcheval.evals.Evaluation;
import org.reposearcheval.evals.Job;
import org.reposearcheval.evals.Report;
import org.reposearcheval.evals.ReportWriter;
import org.reposearcheval.evals.RunListener;
import org.reposearcheval.evals.RunResult;
import org.reposearcheval.evals.RunStatus;
import org.reposearcheval.evals.Secrets;

/**
 * A line per finished run, {@code [12/40] find-main with-mcp passed 41.2s $0.03}, then a summary.
 */
final class ConsoleProgress implements RunListener {
  private final PrintWriter out;
  private final Secrets secrets;
  private final AtomicInteger done = new AtomicInteger();
  private volatile int total;

  ConsoleProgress(PrintWriter out, Secrets secrets) {
    this.out = out;
    this.secrets = secrets;
  }

  @Override
  public void planned(int jobs, int parallel) {
    total = jobs;
    out.printf("%d runs, %d at a time%n", jobs, parallel);
  }

  @Override
  public void finished(Job job, RunResult result) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "[%d/%d] %s %s",
                done.incrementAndGet(),
                total,
                job.testCase().id(),
                job.arm().label()));
    if (job.run() > 1) {
      line.append(" #").append(job.run());
    }
    line.append(' ')
        .append(result.status().label())
        .append(' ')
        .append(Durations.format(result.durationMs()));
    if (result.costUsd() != null) {
      line.append(String.format(Locale.ROOT, " $%.2f", result.costUsd()));
    }
    if (result.status() == RunStatus.FAILED) {
      line.append(" (missed: ").append(String.join("; ", result.failedExpectations())).append(')');
    } else if (!result.status().isVerdict() && result.error() != null) {
      String error = result.error();
      line.append(" (")
          .append(error.length() > 160 ? error.substring(0, 160) + "…" : error)
          .append(')');
    }
    synchronized (out) {
      out.println(secrets.mask(line.toString()));
    }
  }

  static void printSummary(PrintWriter out, Evaluation.Outcome outcome) {
    Report report = outcome.report();
    out.println();
    report
        .summary()
        .byMode()
        .forEach(
            (mode, s) ->
                out.printf(
                    Locale.ROOT,
                    "%-12s pass rate %s (%d passed, %d failed, %d error, %d timeout, %d invalid, %d"
                        + " cancelled), median %s, cost $%.2f, MCP calls/run %s%n",
                    mode,
                    s.passRate() == null
                        ? "–"
                        : String.format(Locale.ROOT, "%.0f%%", s.passRate() * 100),
                    s.passed(),
                    s.failed(),
                    s.errors(),
                    s.timeouts(),
                    s.invalid(),
                    s.cancelled(),
                    s.medianDurationMs() == null ? "–" : Durations.format(s.medianDurationMs()),
                    s.totalCostUsd(),
                    s.meanMcpToolCalls() == null
                        ? "–"
                        : String.format(Locale.ROOT, "%.1f", s.meanMcpToolCalls())));
    Report.Timing timing = report.timing();
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
