package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.reposearcheval.evals.util.FileTrees;

/**
 * Headless Chromium, as the integration tests run it: a screenshot of a page, or its DOM once
 * rendered. Every file it reads or writes lives under {@code dir} (inside {@code target/}), since a
 * snap-packaged Chromium cannot read the system temp directory; every start is bounded.
 */
public final class HeadlessChromium {
  private static final long LIMIT_SECONDS = 120;

  private final String binary;
  private final Path dir;

  /** A browser working in {@code dir}: its profiles and its log go there. Never skipped. */
  public HeadlessChromium(Path dir) throws IOException {
    this.binary = binary();
    this.dir = Files.createDirectories(dir);
  }

  /** Renders {@code page} in a window of the given size into {@code png}. */
  public void screenshot(Path page, Path png, int width, int height) throws IOException {
    Files.deleteIfExists(png);
    run(List.of("--screenshot=" + png, "--window-size=" + width + "," + height), page, null);
  }

  /** The page's DOM after it rendered, as Chromium serialises it. */
  public String dumpDom(Path page) throws IOException {
    Path dom = dir.resolve(page.getFileName() + ".dom.html");
    run(List.of("--dump-dom"), page, dom);
    return Files.readString(dom, StandardCharsets.UTF_8);
  }

  /**
   * Asserts {@code png} is a rendered page, not a blank or single-colour one: many colours (text
   * anti-aliasing, the status colours) and at least {@code minPainted} of the sampled pixels (every
   * second pixel of every second row) differing from the top-left one, and each of {@code colours}
   * somewhere.
   */
  public static void assertRealPage(
      Path png, int width, int height, long minPainted, int... colours) throws IOException {
    assertTrue(Files.size(png) > 10_000, "screenshot is tiny: " + Files.size(png));
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(width, image.getWidth());
    assertEquals(height, image.getHeight());
    Set<Integer> seen = new HashSet<>();
    int background = image.getRGB(0, 0) & 0xFFFFFF;
    long painted = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        seen.add(rgb);
        painted += rgb == background ? 0 : 1;
      }
    }
    assertTrue(seen.size() > 50, "only " + seen.size() + " colours: the page looks empty");
    assertTrue(
        painted >= minPainted, "only " + painted + " sampled pixels differ from the background");
    for (int colour : colours) {
      assertTrue(seen.contains(colour), "#%06x is not on the page".formatted(colour));
    }
  }

  private void run(List<String> what, Path page, Path stdout) throws IOException {
    Path profile = Files.createTempDirectory(dir, "chromium-profile-");
    Path log = dir.resolve("chromium.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + profile));
    command.addAll(what);
    command.add(page.toUri().toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    if (stdout == null) {
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
    } else {
      builder.redirectOutput(stdout.toFile()).redirectError(log.toFile());
    }
    Process chrome = builder.start();
    try {
      if (!chrome.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
        chrome.destroyForcibly();
        fail("chromium did not finish within " + LIMIT_SECONDS + " s; see " + log);
      }
    } catch (InterruptedException e) {
      chrome.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while chromium rendered " + page, e);
    }
    assertEquals(0, chrome.exitValue(), () -> page + ": " + read(log));
    FileTrees.delete(profile);
  }

  /** The Chromium binary: {@code $CHROMIUM}, else {@code chromium} on the PATH. */
  private static String binary() {
    String configured = System.getenv("CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String path : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      for (String name : List.of("chromium", "chromium-browser")) {
        if (Files.isExecutable(Path.of(path, name))) {
          return Path.of(path, name).toString();
        }
      }
    }
    return fail(
        "headless Chromium is needed to render the pages: apt-get install chromium (.ci/run"
            + " does), or set CHROMIUM to the browser's path");
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
