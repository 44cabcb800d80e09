package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Path;
import org.reposearcheval.evals.transcript.TranscriptPages;
import org.reposearcheval.evals.util.FileTrees;

/**
 * A run whose transcript pages headless Chromium renders: the widget suite ({@link
 * RealParts#widgetSuite}) with the one case {@value #CASE}, which asks to read the source, run into
 * {@code <kept>/run}, a directory under {@code target/} where Chromium may read it ({@link
 * HeadlessChromium}), emptied first. The screenshots stay in {@code kept} for a person to look at.
 */
record RenderedRun(RealParts.WidgetSuite suite, Path kept, Path out) {
  static final String CASE = "where-widget";

  /** The colour of a pass on a transcript page. */
  static final int PASS_GREEN = 0x1a7f37;

  /** The colour of the MCP tag on a transcript page. */
  static final int MCP_PURPLE = 0x8250df;

  /** The suite in {@code dir}, the run directory in {@code kept}. */
  static RenderedRun prepare(Path dir, Path kept) throws IOException {
    RealParts.WidgetSuite suite =
        RealParts.widgetSuite(dir, "repo")
            .withCase(CASE, "Which class builds widgets? Read the source.");
    Path out = kept.resolve("run");
    FileTrees.delete(out);
    return new RenderedRun(suite, kept, out);
  }

  /** The page of the case, its arms side by side. */
  Path casePage() {
    return out.resolve(TranscriptPages.casePage(CASE));
  }

  /**
   * Renders {@code page} in a window of {@code width} × {@code height} into {@code <kept>/<png>}
   * and asserts what it shows: text, cards, the pass colour and the MCP tag, much of the window
   * drawn ({@link HeadlessChromium#assertRealPage}).
   */
  void assertRendered(HeadlessChromium chromium, Path page, String png, int width, int height)
      throws IOException {
    Path shot = kept.resolve(png);
    chromium.screenshot(page, shot, width, height);
    HeadlessChromium.assertRealPage(shot, width, height, 100_000, PASS_GREEN, MCP_PURPLE);
  }
}
