package org.reposearcheval.evals.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.report.SampleReports;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.suite.Arm;

/**
 * A run of 2,000 results (500 cases, both arms, two runs each) stays fast to open: report.html is
 * under 5 MB, and one {@link ReportWriter#write} leaves every page it links to as a finished,
 * self-contained file, so opening one is reading a file, never rendering it again.
 */
class PagesAtScaleTest {
  private static final int CASES = 500;
  private static final int RUNS = 2;
  private static final long FIVE_MB = 5L * 1024 * 1024;
  private static final Pattern PAGE_LINK = Pattern.compile("href=\"(pages/[^\"#]+)");

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void twoThousandResultsKeepReportHtmlUnderFiveMbAndEveryPageWrittenOnce() throws IOException {
    List<RunResult> results = new ArrayList<>();
    for (int c = 0; c < CASES; c++) {
      for (int run = 1; run <= RUNS; run++) {
        for (String arm : List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP)) {
          results.add(result(results.size(), "case-%03d".formatted(c), arm, run));
        }
      }
    }
    for (RunResult r : results) {
      Path file = dir.resolve(r.transcript());
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, r.arm().equals(Arm.WITH_MCP) ? Fixtures.WITH_MCP : Fixtures.WITHOUT_MCP);
    }
    Report report = SampleReports.report(results, List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), RUNS);

    long started = System.nanoTime();
    ReportWriter.write(report, dir);
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    long html = Files.size(dir.resolve(ReportWriter.HTML));
    List<Path> pages;
    try (Stream<Path> files = Files.walk(dir.resolve(PageLayout.DIR))) {
      pages = files.filter(Files::isRegularFile).toList();
    }
    long pageBytes = 0;
    for (Path page : pages) {
      pageBytes += Files.size(page);
    }
    System.out.printf(
        "%d results: ReportWriter.write took %,d ms; report.html %,d bytes; %d pages, %,d bytes%n",
        results.size(), tookMs, html, pages.size(), pageBytes);

    assertTrue(html < FIVE_MB, "report.html is " + html + " bytes");
    assertEquals(results.size() + CASES, pages.size());
    for (RunResult r : results) {
      assertFinished(dir.resolve(TranscriptPages.runPage(r)));
    }
    Set<String> linked = new LinkedHashSet<>();
    Matcher link = PAGE_LINK.matcher(Files.readString(dir.resolve(ReportWriter.HTML)));
    while (link.find()) {
      linked.add(link.group(1));
    }
    for (int c = 0; c < CASES; c++) {
      String casePage = TranscriptPages.casePage("case-%03d".formatted(c));
      assertTrue(linked.contains(casePage), casePage + " is not linked from report.html");
      assertFinished(dir.resolve(casePage));
    }
    for (String page : linked) {
      assertTrue(Files.isRegularFile(dir.resolve(page)), page + " is linked but not written");
    }
  }

  /** A whole page: self-contained, so a browser shows it as written, with nothing left to run. */
  private static void assertFinished(Path page) throws IOException {
    String html = Files.readString(page);
    assertTrue(html.strip().endsWith("</html>"), page + " is cut short");
    Fixtures.assertSelfContained(html);
  }

  /** Every tenth case fails without MCP, every 50th run errors; answers are a few paragraphs. */
  private static RunResult result(int index, String caseId, String arm, int run) {
    boolean withMcp = arm.equals(Arm.WITH_MCP);
    boolean errored = index % 50 == 49;
    boolean failed = !withMcp && index % 20 == 1;
    RunStatus status = errored ? RunStatus.ERROR : failed ? RunStatus.FAILED : RunStatus.PASSED;
    return RunResultBuilder.result(caseId, arm)
        .index(index)
        .run(run)
        .status(status)
        .durationMs(20_000 + 37L * index)
        .exitCode(errored ? null : 0)
        .numTurns(withMcp ? 3 : 2)
        .costUsd(0.01 + index % 7 * 0.001)
        .usage(new Usage(1200, 300, 5000, 100))
        .called(
            withMcp ? new String[] {"Grep", "mcp__repo__read_text_file"} : new String[] {"Grep"})
        .answer(
            errored
                ? null
                : ("The scheduler is RunAll.java in evals/run. " + caseId + ". ").repeat(30))
        .failedExpectations(failed ? List.of("contains \"RunAll.java\"") : List.of())
        .error(errored ? "the API answered 529 overloaded three times" : null)
        .build();
  }
}
