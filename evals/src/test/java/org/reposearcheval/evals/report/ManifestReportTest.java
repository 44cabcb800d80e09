package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
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
      new ServerManifest(
          "repo",
          "stdio",
          "secure-filesystem-server",
          "0.2.0",
          412,
          List.of(
              new ServerManifest.Tool("read_text_file", "sha256:0123456789ab" + "c".repeat(52)),
              new ServerManifest.Tool("search_files", "sha256:fedcba987654" + "d".repeat(52))));

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

  @Test
  void reportMdHasARowPerServerArmsThatAnsweredAlikeTogether() {
    String md = MarkdownReport.render(withManifest());

    assertTrue(md.contains("\n## MCP servers\n"), md);
    assertTrue(
        md.contains(
            "| with-mcp, other | repo | stdio | secure-filesystem-server | 0.2.0 | 412 ms |"
                + " 2: read_text_file (0123456789ab), search_files (fedcba987654) |\n"),
        md);
    assertTrue(
        md.contains("| remote | web | http | (not given) | (not given) | 37 ms | 0 |\n"), md);
  }

  @Test
  void reportHtmlHasTheSameRows() {
    String html = HtmlReport.render(withManifest());

    assertTrue(html.contains("<section class=\"manifest\"><h2>MCP servers</h2>"), html);
    assertTrue(
        html.contains(
            "<tr><td>with-mcp, other</td><td>repo</td><td>stdio</td>"
                + "<td>secure-filesystem-server</td><td>0.2.0</td><td>412 ms</td>"
                + "<td>2: read_text_file (0123456789ab), search_files (fedcba987654)</td></tr>"),
        html);
  }

  @Test
  void withoutAManifestThereIsNoSection() {
    // Positive control above: the same report with a manifest has the section.
    assertFalse(MarkdownReport.render(report()).contains("## MCP servers"));
    assertFalse(HtmlReport.render(report()).contains("class=\"manifest\""));
    assertEquals(List.of(), ManifestReport.rows(report()));
  }
}
