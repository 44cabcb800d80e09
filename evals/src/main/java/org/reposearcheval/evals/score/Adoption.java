package org.reposearcheval.evals.score;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.ServerManifest;

/**
 * Whether the arms that were offered MCP servers used them, computed from the raw results. A
 * with-MCP run that never called an MCP tool still counts as a verdict, but the comparison of its
 * arm with the baseline then measures MCP being offered rather than MCP being used: more than a
 * quarter of such runs in an arm gets a warning.
 *
 * @param byArm one entry per arm with MCP servers configured, in the configured order
 */
public record Adoption(@JsonProperty("byMode") Map<String, ArmAdoption> byArm) {
  public Adoption {
    byArm = byArm == null ? Map.of() : byArm;
  }

  /**
   * One arm's adoption.
   *
   * @param runs the arm's runs with a verdict (those the comparison counts)
   * @param warning why the comparison measures something else, or null when it does not
   * @param tools the MCP tools offered (as the servers listed them to the harness, else as the runs
   *     recorded them) and the ones never called, over every run of the arm; null when unknown
   * @param offeredNotUsed the verdict runs that were offered MCP and called no MCP tool
   * @param byCase the same counts per case, keyed by case id
   */
  public record ArmAdoption(
      Use runs,
      String warning,
      Tools tools,
      List<RunRef> offeredNotUsed,
      Map<String, Use> byCase) {}

  /**
   * How many runs used MCP. {@code unknown}: runs whose results say nothing about MCP use (recorded
   * before it was measured); they are left out of {@code usedShare}.
   *
   * @param usedShare used / (used + notUsed), null when both are 0
   * @param medianTurnsBeforeFirstCall over the runs that used MCP: the median number of assistant
   *     messages before the one with the first MCP tool call; null when no run used MCP
   */
  public record Use(
      int used, int notUsed, int unknown, Double usedShare, Double medianTurnsBeforeFirstCall) {}

  /** MCP tools ({@code mcp__<server>__<tool>}) offered by the init events, and never called. */
  public record Tools(List<String> offered, List<String> neverCalled) {}

  /** A run, as the report's tables name it. */
  public record RunRef(int index, String caseId, int run, RunStatus status) {}

  /**
   * The adoption of every arm in {@code armsWithMcp}, the arms that had MCP servers configured, in
   * their order, the tools offered as the runs recorded them.
   */
  public static Adoption of(List<RunResult> results, List<String> armsWithMcp) {
    return of(results, armsWithMcp, Map.of());
  }

  /**
   * The adoption of every arm in {@code armsWithMcp}, the tools offered to an arm in {@code
   * manifest} as its servers listed them to the harness, to any other as its runs recorded them.
   */
  public static Adoption of(
      List<RunResult> results,
      List<String> armsWithMcp,
      Map<String, List<ServerManifest>> manifest) {
    Map<String, ArmAdoption> byArm = new LinkedHashMap<>();
    for (String arm : armsWithMcp) {
      List<RunResult> runs = results.stream().filter(r -> r.arm().equals(arm)).toList();
      byArm.put(arm, arm(arm, runs, manifest.get(arm)));
    }
    return new Adoption(byArm);
  }

  private static ArmAdoption arm(String arm, List<RunResult> runs, List<ServerManifest> servers) {
    Map<String, List<RunResult>> byCase = new LinkedHashMap<>();
    runs.forEach(r -> byCase.computeIfAbsent(r.caseId(), id -> new ArrayList<>()).add(r));
    Map<String, Use> caseUse = new LinkedHashMap<>();
    byCase.forEach((caseId, caseRuns) -> caseUse.put(caseId, use(caseRuns)));
    Use use = use(runs);
    List<RunRef> notUsed =
        runs.stream()
            .filter(Adoption::offeredNotUsed)
            .map(r -> new RunRef(r.index(), r.caseId(), r.run(), r.status()))
            .toList();
    return new ArmAdoption(use, warning(arm, use), tools(runs, servers), notUsed, caseUse);
  }

  /**
   * True for a verdict run that recorded its MCP use and called no MCP tool; false when it used
   * MCP, had no verdict, or its use is unknown. Only meaningful for runs of an arm with MCP.
   */
  static boolean offeredNotUsed(RunResult r) {
    return r.status().isVerdict() && r.mcpUse() != null && !r.mcpUse().used();
  }

  private static Use use(List<RunResult> runs) {
    int used = 0;
    int notUsed = 0;
    int unknown = 0;
    List<Integer> turns = new ArrayList<>();
    for (RunResult r : runs) {
      if (!r.status().isVerdict()) {
        continue;
      }
      if (r.mcpUse() == null) {
        unknown++;
      } else if (r.mcpUse().used()) {
        used++;
        turns.add(r.mcpUse().turnsBeforeFirstCall());
      } else {
        notUsed++;
      }
    }
    return new Use(
        used,
        notUsed,
        unknown,
        used + notUsed == 0 ? null : (double) used / (used + notUsed),
        Averages.median(turns.stream().mapToDouble(Integer::doubleValue).toArray()));
  }

  /** The warning when more than a quarter of the runs with known use never used MCP. */
  static String warning(String arm, Use use) {
    int known = use.used() + use.notUsed();
    // In integers, so exactly a quarter is never "more than a quarter".
    if (known == 0 || 4 * use.notUsed() <= known) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "%d of %d %s runs (%s) were offered MCP and never called an MCP tool: more than a quarter,"
            + " so comparing %s with the baseline measures MCP being offered more than MCP being"
            + " used",
        use.notUsed(),
        known,
        arm,
        Numbers.percent((double) use.notUsed() / known),
        arm);
  }

  /**
   * The tools offered, from the servers' own tool lists when the harness asked them, else from what
   * the runs recorded; null when neither says (agents whose streams do not list the tools offered,
   * in a report from before the harness asked the servers): unknown, never none.
   */
  private static Tools tools(List<RunResult> runs, List<ServerManifest> servers) {
    TreeSet<String> offered = new TreeSet<>();
    if (servers != null) {
      servers.forEach(s -> offered.addAll(s.toolNames()));
    } else {
      runs.stream()
          .filter(r -> r.mcpUse() != null)
          .forEach(r -> offered.addAll(r.mcpUse().offeredTools()));
      if (offered.isEmpty()) {
        return null;
      }
    }
    TreeSet<String> neverCalled = new TreeSet<>(offered);
    runs.forEach(r -> neverCalled.removeAll(r.toolCalls().byName().keySet()));
    return new Tools(List.copyOf(offered), List.copyOf(neverCalled));
  }
}
