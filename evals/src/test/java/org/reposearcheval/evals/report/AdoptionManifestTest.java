package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Adoption;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.ServerManifest;

/**
 * "Tools offered" for an agent whose stream does not list them (Codex): taken from the servers' own
 * tool lists when the harness asked them, and "unknown" — never "0 of 0" — when it did not.
 */
class AdoptionManifestTest {
  private static final ServerManifest REPO =
      SampleReports.repoServer(
          new ServerManifest.Tool("read_text_file", "sha256:" + "a".repeat(64)),
          new ServerManifest.Tool("search_files", "sha256:" + "b".repeat(64)),
          new ServerManifest.Tool("directory_tree", "sha256:" + "c".repeat(64)));

  /** Two Codex-like runs: one called search_files, one no MCP tool; neither lists what it had. */
  private static Report codexReport() {
    List<RunResult> results = new ArrayList<>();
    results.add(
        RunResultBuilder.result("a", Arm.WITH_MCP)
            .index(0)
            .status(RunStatus.PASSED)
            .mcpUse(new McpUse(List.of(), 1))
            .called("mcp__repo__search_files", "shell")
            .build());
    results.add(
        RunResultBuilder.result("b", Arm.WITH_MCP)
            .index(1)
            .status(RunStatus.PASSED)
            .mcpUse(new McpUse(List.of(), null))
            .called("shell")
            .build());
    return SampleReports.withArms(
        SampleReports.report(results, List.of(Arm.WITH_MCP), 1),
        a -> new ArmConfig(a.name(), a.mcpConfig(), a.mcpServers(), null, "codex"));
  }

  @Test
  void withoutTheServersToolListTheToolsOfferedAreUnknownNotZero() {
    Report report = codexReport();

    assertNull(report.adoption().byArm().get(Arm.WITH_MCP).tools());
    String md = MarkdownReport.render(report);
    assertTrue(md.contains("| server tools never called | unknown |"), md);
    assertLacks(md, "0 of 0");
  }

  @Test
  void withTheServersToolListTheToolsOfferedAreItsTools() {
    Report report = SampleReports.withArms(codexReport(), a -> a.withMcpManifest(List.of(REPO)));

    Adoption.Tools tools = report.adoption().byArm().get(Arm.WITH_MCP).tools();
    // Offered: the server's three tools; called: search_files only → 2 of 3 never called.
    assertEquals(
        List.of(
            "mcp__repo__directory_tree", "mcp__repo__read_text_file", "mcp__repo__search_files"),
        tools.offered());
    assertEquals(
        List.of("mcp__repo__directory_tree", "mcp__repo__read_text_file"), tools.neverCalled());
    String md = MarkdownReport.render(report);
    assertContains(
        md,
        "| server tools never called | 2 of 3 |",
        "Never called by with-mcp: `mcp__repo__directory_tree`, `mcp__repo__read_text_file`.");
  }
}
