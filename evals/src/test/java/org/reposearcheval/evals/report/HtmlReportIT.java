package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Renders {@code report.html} in headless Chromium and checks the picture: a page that failed to
 * render (a blank or single-colour screenshot) fails the test. The screenshot stays in {@code
 * evals/target/html-report/report.png} for a person to look at. Everything lives under {@code
 * target/}, since a snap-packaged Chromium cannot read the system temp directory.
 */
class HtmlReportIT {
  private static final Path OUT = Path.of("target/html-report").toAbsolutePath();

  @Test
  void reportRendersInHeadlessChromium() throws Exception {
    String chromium = chromium();
    Files.createDirectories(OUT);
    ReportWriter.write(SampleReports.twoArms(), OUT);
    Path screenshot = OUT.resolve("report.png");
    Files.deleteIfExists(screenshot);
    Path profile = Files.createTempDirectory(OUT, "chromium-profile-");

    Process chrome =
        new ProcessBuilder(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--screenshot=" + screenshot,
                "--window-size=1200,2400",
                OUT.resolve(ReportWriter.HTML).toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(OUT.resolve("chromium.log").toFile())
            .start();
    if (!chrome.waitFor(120, TimeUnit.SECONDS)) {
      chrome.destroyForcibly();
      fail("chromium did not finish within 2 minutes; see " + OUT.resolve("chromium.log"));
    }
    assertEquals(0, chrome.exitValue(), log());
    assertTrue(Files.size(screenshot) > 10_000, "screenshot is tiny: " + Files.size(screenshot));

    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertEquals(1200, image.getWidth());
    assertEquals(2400, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    int background = image.getRGB(0, 0);
    long painted = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        painted += rgb == (background & 0xFFFFFF) ? 0 : 1;
      }
    }
    // Text, the cards' colours, chips and charts: hundreds of colours and much of the page drawn.
    assertTrue(colours.size() > 50, "only " + colours.size() + " colours: the page looks empty");
    assertTrue(painted > 100_000, "only " + painted + " sampled pixels differ from the background");
    assertTrue(
        colours.contains(0x1a7f37) && colours.contains(0xcf222e),
        "the pass and fail chips (#1a7f37, #cf222e) are not on the page");
  }

  /** The Chromium binary: {@code $CHROMIUM}, else {@code chromium} on the PATH. Never skipped. */
  private static String chromium() {
    String configured = System.getenv("CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      for (String name : List.of("chromium", "chromium-browser")) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    return fail(
        "headless Chromium is needed to render report.html: apt-get install chromium (.ci/run"
            + " does), or set CHROMIUM to the browser's path");
  }

  private static String log() throws IOException {
    return Files.readString(OUT.resolve("chromium.log"), StandardCharsets.UTF_8);
  }
}
