package org.reposearcheval.evals.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.report.AdoptionReport;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;

/** Whether the runs offered MCP used it: each number against one worked out by hand. */
public class AdoptionTest {
  private static final List<String> TOOLS =
      List.of("mcp__repo__directory_tree", "mcp__repo__read_text_file", "mcp__repo__search_files");

  /** The arms with MCP servers: with-mcp only (without-mcp has none). */
  private static final List<String> ARMS = List.of(Arm.WITH_MCP);

  private final List<RunResult> results = new ArrayList<>();

  @Test
  void oneOfFourNotUsedIsExactlyAQuarterAndNoWarning() {
    used("a", 0);
    used("b", 1);
    used("c", 3);
    notUsed("d");
    baseline("a");

    Adoption.ArmAdoption arm = Adoption.of(results, ARMS).byArm().get(Arm.WITH_MCP);

    // 3 used, 1 not: 3/4 = 75% used, 1/4 = 25% not used, which is not more than a quarter.
    // Turns before the first call of the used runs: 0, 1, 3 → median 1.
    assertEquals(new Adoption.Use(3, 1, 0, 0.75, 1.0), arm.runs());
    assertNull(arm.warning());
    assertEquals(List.of(new Adoption.RunRef(3, "d", 1, RunStatus.PASSED)), arm.offeredNotUsed());
  }

  @Test
  void threeOfEightNotUsedIsMoreThanAQuarterAndWarns() {
    for (String id : List.of("a", "b", "c", "d", "e")) {
      used(id, 2);
    }
    notUsed("f");
    notUsed("g");
    notUsed("h");

    Adoption.ArmAdoption arm = Adoption.of(results, ARMS).byArm().get(Arm.WITH_MCP);

    // 5 used of 8 = 62.5%; 3 of 8 = 37.5% not used (rounded 38%), more than a quarter.
    assertEquals(new Adoption.Use(5, 3, 0, 0.625, 2.0), arm.runs());
    assertEquals(
        "3 of 8 with-mcp runs (38%) were offered MCP and never called an MCP tool: more than a"
            + " quarter, so comparing with-mcp with the baseline measures MCP being offered more"
            + " than MCP being used",
        arm.warning());
    assertEquals(
        List.of("f", "g", "h"),
        arm.offeredNotUsed().stream().map(Adoption.RunRef::caseId).toList());
  }

  @Test
  void onlyVerdictsCountAndTheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    used("a", 0);
    used("b", 1);
    used("c", 4);
    used("d", 9);
    add("e", Arm.WITH_MCP, 1, RunStatus.ERROR, new McpUse(TOOLS, 20));
    add("f", Arm.WITH_MCP, 1, RunStatus.TIMEOUT, new McpUse(TOOLS, null));

    Adoption.ArmAdoption arm = Adoption.of(results, ARMS).byArm().get(Arm.WITH_MCP);

    // Verdicts: turns 0, 1, 4, 9 → median (1 + 4) / 2 = 2.5. The error (20 turns) and the timeout
    // (no MCP call) are not verdicts: neither used nor "offered, not used".
    assertEquals(new Adoption.Use(4, 0, 0, 1.0, 2.5), arm.runs());
    assertEquals(List.of(), arm.offeredNotUsed());
  }

  @Test
  void toolsNeverCalledAreThoseNoRunOfTheArmCalled() {
    add(
        "a",
        Arm.WITH_MCP,
        1,
        RunStatus.PASSED,
        new McpUse(TOOLS, 0),
        "mcp__repo__search_files",
        "Read");
    add("a", Arm.WITH_MCP, 2, RunStatus.FAILED, new McpUse(TOOLS, null), "Grep");
    // A run that errored still called the tool: it was not "never called".
    add(
        "b",
        Arm.WITH_MCP,
        1,
        RunStatus.ERROR,
        new McpUse(TOOLS, 1),
        "Glob",
        "mcp__repo__read_text_file");
    // Only the baseline called directory_tree (it cannot, but if it did it is another arm).
    add(
        "a",
        Arm.WITHOUT_MCP,
        1,
        RunStatus.PASSED,
        new McpUse(List.of(), null),
        "mcp__repo__directory_tree");

    Adoption adoption = Adoption.of(results, ARMS);
    Adoption.ArmAdoption arm = adoption.byArm().get(Arm.WITH_MCP);

    // Offered: the three TOOLS; called by with-mcp runs: search_files (a#1), read_text_file (b#1).
    assertEquals(new Adoption.Tools(TOOLS, List.of("mcp__repo__directory_tree")), arm.tools());
    // Case a: run 1 used (0 turns before), run 2 not; case b has no verdict.
    assertEquals(new Adoption.Use(1, 1, 0, 0.5, 0.0), arm.byCase().get("a"));
    assertEquals(new Adoption.Use(0, 0, 0, null, null), arm.byCase().get("b"));
    // The baseline is offered no MCP server: it has no adoption.
    assertEquals(List.of(Arm.WITH_MCP), List.copyOf(adoption.byArm().keySet()));
  }

  @Test
  void runsThatRecordedNoMcpUseAreUnknownNotUnused() {
    add("a", Arm.WITH_MCP, 1, RunStatus.PASSED, null);
    add("b", Arm.WITH_MCP, 1, RunStatus.FAILED, null);
    add("c", Arm.WITH_MCP, 1, RunStatus.PASSED, null);
    notUsed("d");

    Adoption.ArmAdoption arm = Adoption.of(results, ARMS).byArm().get(Arm.WITH_MCP);

    // 3 unknown are left out: 0 used of 1 known = 0%, 1 of 1 not used → warning; were the
    // unknown counted as not used, it would say 4 of 4.
    assertEquals(new Adoption.Use(0, 1, 3, 0.0, null), arm.runs());
    assertEquals(List.of("d"), arm.offeredNotUsed().stream().map(Adoption.RunRef::caseId).toList());
    assertEquals(
        "1 of 1 with-mcp runs (100%)",
        arm.warning().substring(0, "1 of 1 with-mcp runs (100%)".length()));

    results.removeLast();
    Adoption.ArmAdoption allUnknown = Adoption.of(results, ARMS).byArm().get(Arm.WITH_MCP);
    assertEquals(new Adoption.Use(0, 0, 3, null, null), allUnknown.runs());
    assertNull(allUnknown.warning());
    assertNull(allUnknown.tools(), "no run said what it was offered");
    assertEquals("unknown", AdoptionReport.share(allUnknown.runs()));
  }

  @Test
  void everyArmOfferedMcpHasItsOwnAdoption() {
    // The variants mcp-v1 and mcp-v2 have MCP servers; sonnet (a model only) has none.
    List<String> variants = List.of("mcp-v1", "mcp-v2");
    add("a", "mcp-v1", 1, RunStatus.PASSED, new McpUse(TOOLS, 1));
    add("a", "mcp-v2", 1, RunStatus.PASSED, new McpUse(TOOLS, null));
    add("a", "sonnet", 1, RunStatus.PASSED, new McpUse(List.of(), null));

    Adoption adoption = Adoption.of(results, variants);

    assertEquals(List.of("mcp-v1", "mcp-v2"), List.copyOf(adoption.byArm().keySet()));
    assertEquals(1, adoption.byArm().get("mcp-v1").runs().used());
    assertEquals(1, adoption.byArm().get("mcp-v2").runs().notUsed());
  }

  private void used(String caseId, int turnsBefore) {
    add(
        caseId,
        Arm.WITH_MCP,
        1,
        RunStatus.PASSED,
        new McpUse(TOOLS, turnsBefore),
        "mcp__repo__search_files");
  }

  private void notUsed(String caseId) {
    add(caseId, Arm.WITH_MCP, 1, RunStatus.PASSED, new McpUse(TOOLS, null), "Read");
  }

  private void baseline(String caseId) {
    add(caseId, Arm.WITHOUT_MCP, 1, RunStatus.PASSED, new McpUse(List.of(), null));
  }

  private void add(
      String caseId, String mode, int run, RunStatus status, McpUse use, String... called) {
    results.add(
        RunResultBuilder.result(caseId, mode)
            .index(results.size())
            .run(run)
            .status(status)
            .exitCode(status.isVerdict() ? 0 : 1)
            .answer(status.isVerdict() ? "answer" : null)
            .error(status.isVerdict() ? null : "why")
            .mcpUse(use)
            .called(called)
            .build());
  }
}
