package org.reposearcheval.evals.report;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reposearcheval.evals.HeadlessChromium;

/**
 * Renders {@code report.html} in headless Chromium and checks the picture: a page that failed to
 * render (a blank or single-colour screenshot) fails the test. The screenshot stays in {@code
 * evals/target/html-report/report.png} for a person to look at. Everything lives under {@code
 * target/}, since a snap-packaged Chromium cannot read the system temp directory.
 */
@Timeout(300)
class HtmlReportIT {
  private static final Path OUT = Path.of("target/html-report").toAbsolutePath();

  @Test
  void reportRendersInHeadlessChromium() throws Exception {
    HeadlessChromium chromium = new HeadlessChromium(OUT);
    ReportWriter.write(SampleReports.twoArms(), OUT);
    Path screenshot = OUT.resolve("report.png");

    chromium.screenshot(OUT.resolve(ReportWriter.HTML), screenshot, 1200, 2400);

    // Text, the cards' colours, chips and charts: hundreds of colours and much of the page drawn,
    // the pass and fail chips (#1a7f37, #cf222e) among them.
    HeadlessChromium.assertRealPage(screenshot, 1200, 2400, 100_000, 0x1a7f37, 0xcf222e);
  }
}
