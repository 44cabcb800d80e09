package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.Evaluation;
import org.reposearcheval.evals.report.SampleReports;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;

/** The console summary's columns line up whatever the variants are called and counted. */
class SummaryColumnsTest {
  private static final List<String> LABELS =
      List.of("pass rate", "(", "median", "cost", "MCP calls/run");

  @Test
  void everyColumnStartsAtTheSameOffsetForNamesOfAnyLength() {
    List<String> arms = List.of("a", "without-mcp", "a-variant-with-a-much-longer-name-than-12");
    List<RunResult> results = new ArrayList<>();
    int index = 0;
    // Counts of one and of two digits, costs and durations of different widths.
    for (int c = 0; c < 12; c++) {
      for (int a = 0; a < arms.size(); a++) {
        results.add(
            RunResultBuilder.result("case-" + c, arms.get(a))
                .index(index++)
                .status(c < 10 * a ? RunStatus.PASSED : RunStatus.FAILED)
                .durationMs(900L + 100_000L * a)
                .costUsd(0.001 + 12.5 * a)
                .build());
      }
    }
    StringWriter out = new StringWriter();

    ConsoleSummary.print(
        new PrintWriter(out, true),
        new Evaluation.Outcome(
            SampleReports.report(results, arms, 1), Path.of("out"), null, List.of()));

    List<String> lines = out.toString().lines().filter(l -> l.contains("pass rate")).toList();
    assertEquals(3, lines.size(), out.toString());
    for (String label : LABELS) {
      List<Integer> at = lines.stream().map(l -> l.indexOf(label)).distinct().toList();
      assertEquals(1, at.size(), label + " at " + at + ":\n" + String.join("\n", lines));
      assertTrue(at.getFirst() > 0, label);
    }
  }
}
