package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.ServerManifest;

/**
 * The "MCP servers" section: each server as it answered the harness, in report.md and report.html,
 * arms whose servers answered alike on one row; no section when no server was asked.
 */
class ManifestReportTest {
  private static final ServerManifest REPO =
      SampleReports.repoServer(
          new ServerManifest.Tool("read_text_file", "sha256:0123456789ab" + "c".repeat(52)),
          new ServerManifest.Tool("search_files", "sha256:fedcba987654" + "d".repeat(52)));

  private static final ServerManifest WEB =
      new ServerManifest("web", "http", null, null, 37, List.of());

  private static Report report() {
    return SampleReports.report(
        List.of(
            RunResultBuilder.result("a", Arm.WITH_MCP).index(0).status(RunStatus.PASSED).build(),
            RunResultBuilder.result("a", "other").index(1).status(RunStatus.PASSED).build(),
            RunResultBuilder.result("a", "remote").index(2).status(RunStatus.PASSED).build()),
        List.of(Arm.WITH_MCP, "other", "remote"),
        1);
  }

  private static Report withManifest() {
    return SampleReports.withArms(
        report(), a -> a.withMcpManifest(a.name().equals("remote") ? List.of(WEB) : List.of(REPO)));
  }

  /** Each rendering, its section's heading first, then the rows it must hold. */
  static Stream<Arguments> renderings() {
    return Stream.of(
        Arguments.of(
            "report.md",
            (Function<Report, String>) MarkdownReport::render,
            List.of(
                "\n## MCP servers\n",
                "| with-mcp, other | repo | stdio | secure-filesystem-server | 0.2.0 | 412 ms |"
                    + " 2: read_text_file (0123456789ab), search_files (fedcba987654) |\n",
                "| remote | web | http | (not given) | (not given) | 37 ms | 0 |\n")),
        Arguments.of(
            "report.html",
            (Function<Report, String>) HtmlReport::render,
            List.of(
                "<section class=\"manifest\"><h2>MCP servers</h2>",
                "<tr><td>with-mcp,"
                    + " other</td><td>repo</td><td>stdio</td><td>secure-filesystem-server</td><td>0.2.0</td><td>412"
                    + " ms</td><td>2: read_text_file (0123456789ab), search_files"
                    + " (fedcba987654)</td></tr>")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void eachRenderingHasARowPerServerArmsThatAnsweredAlikeTogether(
      String name, Function<Report, String> render, List<String> expected) {
    String rendered = render.apply(withManifest());

    for (String part : expected) {
      assertTrue(rendered.contains(part), rendered);
    }
  }

  @Test
  void withoutAManifestThereIsNoSection() {
    // Positive control above: the same report with a manifest has the section.
    assertFalse(MarkdownReport.render(report()).contains("## MCP servers"));
    assertFalse(HtmlReport.render(report()).contains("class=\"manifest\""));
    assertEquals(List.of(), ManifestReport.rows(report()));
  }
}
