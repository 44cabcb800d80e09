package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.ServerManifest;

/**
 * {@code compare} lists the MCP tools the head's servers added, removed or changed (another input
 * schema hash) against the base's, as the harness's handshakes recorded them.
 */
class ComparisonToolsTest {
  private static final Comparison.Thresholds DEFAULTS = new Comparison.Thresholds(0.05, 0.2);

  private static ServerManifest.Tool tool(String name, char hash) {
    return new ServerManifest.Tool(name, "sha256:" + String.valueOf(hash).repeat(64));
  }

  private static Report report(ServerManifest.Tool... tools) {
    List<RunResult> results = new ArrayList<>();
    for (String arm : List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP)) {
      results.add(
          RunResultBuilder.result("a", arm)
              .index(results.size())
              .status(RunStatus.PASSED)
              .mcpUse(new McpUse(List.of(), null))
              .build());
    }
    ServerManifest server =
        new ServerManifest("repo", "stdio", "index-server", "1.0", 100, List.of(tools));
    return SampleReports.withArms(
        SampleReports.report(results, List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1),
        a -> a.mcpConfig() == null ? a : a.withMcpManifest(List.of(server)));
  }

  private static List<String> setup(Report base, Report head) {
    return Comparisons.of("base", base, "head", head, DEFAULTS).setup().stream()
        .map(Comparison.SetupChange::describe)
        .toList();
  }

  @Test
  void toolsAddedRemovedAndChangedAreListed() {
    Report base = report(tool("read_file", 'a'), tool("search", 'b'), tool("tree", 'c'));
    Report head = report(tool("read_file", 'a'), tool("search", 'd'), tool("grep", 'e'));

    assertEquals(
        List.of(
            "with-mcp: MCP tools offered head adds mcp__repo__grep; head drops mcp__repo__tree;"
                + " head changes the input schema of mcp__repo__search"),
        setup(base, head));
  }

  @Test
  void theSameToolsWithTheSameSchemasAreNoChange() {
    Report base = report(tool("read_file", 'a'), tool("search", 'b'));

    assertEquals(List.of(), setup(base, report(tool("read_file", 'a'), tool("search", 'b'))));
    // Control: one schema differs, and it is seen.
    assertEquals(
        List.of("with-mcp: MCP tools offered head changes the input schema of mcp__repo__search"),
        setup(base, report(tool("read_file", 'a'), tool("search", 'f'))));
  }

  @Test
  void aBaseWithoutTheHandshakeIsComparedByTheNamesItsRunsRecorded() {
    Report head = report(tool("read_file", 'a'), tool("search", 'b'));
    Report base = SampleReports.offering(report(), "mcp__repo__read_file");
    Report baseWithoutHandshake = SampleReports.withArms(base, a -> a.withMcpManifest(null));

    assertEquals(
        List.of("with-mcp: MCP tools offered head adds mcp__repo__search"),
        setup(baseWithoutHandshake, head));
  }
}
