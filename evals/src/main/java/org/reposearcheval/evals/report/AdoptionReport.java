package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.Adoption;
import org.reposearcheval.evals.score.Numbers;

/**
 * What the "MCP adoption" section says, in every format ({@link AdoptionMarkdown}, {@link
 * AdoptionHtml}, junit.xml): per arm offered MCP, how many verdict runs called an MCP tool, the
 * turns before the first call, the tools never called, the warning, and every run listed as {@link
 * #NOT_USED}.
 */
public final class AdoptionReport {
  /** What every format calls a verdict run that was offered MCP and called no MCP tool. */
  static final String NOT_USED = "MCP offered, not used";

  static final String TITLE = "MCP adoption";

  static final String NOTE =
      "Did the runs offered MCP use it? Runs are counted when they reached a verdict, and a run"
          + " offered MCP that never called an MCP tool still counts as one; tools never called are"
          + " counted over every run. A turn is one assistant message.";

  /** One row of the adoption table: its name and each arm's value. */
  record Row(String name, Function<Adoption.ArmAdoption, String> value) {}

  private AdoptionReport() {}

  /** The arms offered MCP, in run order; empty when no arm was. */
  static Map<String, Adoption.ArmAdoption> arms(Report report) {
    Adoption adoption = report.adoption();
    return adoption == null ? Map.of() : adoption.byArm();
  }

  /** The rows of the adoption table, the count of runs of unknown use only when there are some. */
  static List<Row> rows(Map<String, Adoption.ArmAdoption> arms) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("called an MCP tool", a -> share(a.runs())));
    rows.add(new Row(NOT_USED, a -> String.valueOf(a.runs().notUsed())));
    if (arms.values().stream().anyMatch(a -> a.runs().unknown() > 0)) {
      rows.add(
          new Row(
              "use unknown (recorded before it was measured)",
              a -> String.valueOf(a.runs().unknown())));
    }
    rows.add(
        new Row(
            "turns before the first MCP call (median)",
            a -> turns(a.runs().medianTurnsBeforeFirstCall())));
    rows.add(new Row("server tools never called", a -> neverCalledCount(a.tools())));
    return rows;
  }

  /** True when no run of any arm recorded its MCP use (a report from before it was measured). */
  static boolean nothingKnown(Map<String, Adoption.ArmAdoption> arms) {
    return arms.values().stream()
        .allMatch(a -> a.tools() == null && a.runs().used() + a.runs().notUsed() == 0);
  }

  /** What the section says instead of its tables when {@link #nothingKnown} holds. */
  static String unknownOnly(Map<String, Adoption.ArmAdoption> arms) {
    List<String> counts = new ArrayList<>();
    arms.forEach((arm, a) -> counts.add(arm + ": " + a.runs().unknown() + " unknown"));
    return "MCP use unknown: no with-MCP run with a verdict recorded it (results written before MCP"
        + " use was measured). "
        + String.join(", ", counts)
        + ".";
  }

  /** The runs listed as {@link #NOT_USED}, in index order. */
  static List<RunResult> notUsed(Report report) {
    Set<Integer> indices =
        arms(report).values().stream()
            .flatMap(a -> a.offeredNotUsed().stream())
            .map(Adoption.RunRef::index)
            .collect(Collectors.toSet());
    return report.rawResults().stream().filter(r -> indices.contains(r.index())).toList();
  }

  /** {@code 3 of 4 (75%)}, or {@code unknown} when no run recorded its MCP use. */
  public static String share(Adoption.Use use) {
    int known = use.used() + use.notUsed();
    if (known == 0) {
      return use.unknown() > 0 ? "unknown" : "–";
    }
    return use.used() + " of " + known + " (" + Numbers.percent(use.usedShare()) + ")";
  }

  private static String turns(Double median) {
    if (median == null) {
      return "–";
    }
    return median == Math.rint(median)
        ? String.valueOf(median.longValue())
        : String.format(Locale.ROOT, "%.1f", median);
  }

  private static String neverCalledCount(Adoption.Tools tools) {
    return tools == null ? "unknown" : tools.neverCalled().size() + " of " + tools.offered().size();
  }

  /** One case in one arm: {@code 2 of 2 (100%) · 1 turn before the first call}. */
  static String caseCell(Adoption.Use use) {
    if (use == null) {
      return "–";
    }
    Double median = use.medianTurnsBeforeFirstCall();
    return median == null
        ? share(use)
        : share(use)
            + " · "
            + turns(median)
            + (median == 1 ? " turn" : " turns")
            + " before the first call";
  }

  /** Every case any arm offered MCP ran, in the order they first appear. */
  static List<String> caseIds(Map<String, Adoption.ArmAdoption> arms) {
    Set<String> ids = new LinkedHashSet<>();
    arms.values().forEach(a -> ids.addAll(a.byCase().keySet()));
    return List.copyOf(ids);
  }
}
