package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.Adoption;
import org.reposearcheval.evals.score.Numbers;

/**
 * The "MCP adoption" section of {@code report.md} and {@code report.html}: per arm offered MCP, how
 * many verdict runs called an MCP tool, the turns before the first call, the tools never called,
 * the warning, and every run listed as {@link #NOT_USED}.
 */
public final class AdoptionReport {
  /** What every format calls a verdict run that was offered MCP and called no MCP tool. */
  static final String NOT_USED = "MCP offered, not used";

  static final String TITLE = "MCP adoption";

  private static final String NOTE =
      "Did the runs offered MCP use it? Runs are counted when they reached a verdict, and a run"
          + " offered MCP that never called an MCP tool still counts as one; tools never called are"
          + " counted over every run. A turn is one assistant message.";

  private AdoptionReport() {}

  /** The Markdown section, or "" when no arm was offered MCP. */
  static String markdown(Report report) {
    Adoption adoption = report.adoption();
    if (adoption == null || adoption.byMode().isEmpty()) {
      return "";
    }
    Map<String, Adoption.ArmAdoption> arms = adoption.byMode();
    StringBuilder md = new StringBuilder("\n## ").append(TITLE).append("\n\n");
    if (nothingKnown(arms)) {
      return md.append(unknownOnly(arms)).append('\n').toString();
    }
    md.append(NOTE).append("\n\n| |");
    arms.keySet().forEach(mode -> md.append(' ').append(mode).append(" |"));
    md.append("\n|---|").append("---:|".repeat(arms.size())).append('\n');
    row(md, "called an MCP tool", arms, a -> share(a.runs()));
    row(md, NOT_USED, arms, a -> String.valueOf(a.runs().notUsed()));
    if (arms.values().stream().anyMatch(a -> a.runs().unknown() > 0)) {
      row(md, "use unknown (recorded before it was measured)", arms, a -> unknown(a.runs()));
    }
    row(
        md,
        "turns before the first MCP call (median)",
        arms,
        a -> turns(a.runs().medianTurnsBeforeFirstCall()));
    row(md, "server tools never called", arms, a -> neverCalledCount(a.tools()));
    arms.values().stream()
        .filter(a -> a.warning() != null)
        .forEach(a -> md.append("\n> ⚠️ **Warning:** ").append(a.warning()).append(".\n"));
    arms.forEach(
        (mode, a) -> {
          if (a.tools() != null && !a.tools().neverCalled().isEmpty()) {
            md.append("\nNever called by ")
                .append(mode)
                .append(": `")
                .append(String.join("`, `", a.tools().neverCalled()))
                .append("`.\n");
          }
        });
    List<RunResult> notUsed = notUsed(report);
    if (!notUsed.isEmpty()) {
      md.append("\n### ")
          .append(NOT_USED)
          .append("\n\n| # | case | mode | run | status | transcript |\n")
          .append("|---:|---|---|---:|---|---|\n");
      for (RunResult r : notUsed) {
        md.append("| ")
            .append(r.index())
            .append(" | ")
            .append(r.caseId().replace("|", "\\|"))
            .append(" | ")
            .append(r.mode())
            .append(" | ")
            .append(r.run())
            .append(" | ")
            .append(r.status().label())
            .append(" | ")
            .append(r.transcript() == null ? "" : "[jsonl](" + r.transcript() + ")")
            .append(" |\n");
      }
    }
    md.append("\nPer case, the runs that called an MCP tool:\n\n| case |");
    arms.keySet().forEach(mode -> md.append(' ').append(mode).append(" |"));
    md.append("\n|---|").append("---|".repeat(arms.size())).append('\n');
    for (String caseId : caseIds(arms)) {
      md.append("| ").append(caseId.replace("|", "\\|")).append(" |");
      arms.values()
          .forEach(a -> md.append(' ').append(caseCell(a.byCase().get(caseId))).append(" |"));
      md.append('\n');
    }
    return md.toString();
  }

  /** The HTML section, or "" when no arm was offered MCP. */
  static String html(Report report) {
    Adoption adoption = report.adoption();
    if (adoption == null || adoption.byMode().isEmpty()) {
      return "";
    }
    Map<String, Adoption.ArmAdoption> arms = adoption.byMode();
    StringBuilder h = new StringBuilder("<section class=\"adoption\"><h2>").append(TITLE);
    if (nothingKnown(arms)) {
      return h.append("</h2><p class=\"note\">")
          .append(Html.escape(unknownOnly(arms)))
          .append("</p></section>\n")
          .toString();
    }
    h.append("</h2><p class=\"note\">").append(Html.escape(NOTE)).append("</p>");
    arms.values().stream()
        .filter(a -> a.warning() != null)
        .forEach(
            a ->
                h.append("<p class=\"warn\"><span class=\"badge\">warning</span>")
                    .append(Html.escape(a.warning()))
                    .append(".</p>"));
    h.append("<table><thead><tr><th></th>");
    arms.keySet().forEach(mode -> h.append("<th>").append(Html.escape(mode)).append("</th>"));
    h.append("</tr></thead><tbody>");
    htmlRow(h, "called an MCP tool", arms, a -> share(a.runs()));
    htmlRow(h, NOT_USED, arms, a -> String.valueOf(a.runs().notUsed()));
    if (arms.values().stream().anyMatch(a -> a.runs().unknown() > 0)) {
      htmlRow(h, "use unknown (recorded before it was measured)", arms, a -> unknown(a.runs()));
    }
    htmlRow(
        h,
        "turns before the first MCP call (median)",
        arms,
        a -> turns(a.runs().medianTurnsBeforeFirstCall()));
    htmlRow(h, "server tools never called", arms, a -> neverCalledCount(a.tools()));
    h.append("</tbody></table>");
    List<RunResult> notUsed = notUsed(report);
    if (!notUsed.isEmpty()) {
      h.append("<h3>")
          .append(NOT_USED)
          .append("</h3><table><thead><tr><th>case</th><th>mode</th><th>run</th><th>status</th>")
          .append("<th>transcript</th></tr></thead><tbody>");
      for (RunResult r : notUsed) {
        h.append("<tr class=\"not-used\"><td class=\"id\">")
            .append(Html.escape(r.caseId()))
            .append("</td><td>")
            .append(Html.escape(r.mode()))
            .append("</td><td>")
            .append(r.run())
            .append("</td><td>")
            .append(r.status().label())
            .append("</td><td>")
            .append(
                r.transcript() == null
                    ? ""
                    : "<a href=\"" + Html.escape(r.transcript()) + "\">jsonl</a>")
            .append("</td></tr>");
      }
      h.append("</tbody></table>");
    }
    // Folded: the page's first screen is for the verdicts; these are looked up.
    h.append("<details><summary>Tools never called, and each case</summary>");
    arms.forEach(
        (mode, a) -> {
          if (a.tools() != null && !a.tools().neverCalled().isEmpty()) {
            h.append("<p>Never called by ")
                .append(Html.escape(mode))
                .append(": <code>")
                .append(Html.escape(String.join(", ", a.tools().neverCalled())))
                .append("</code></p>");
          }
        });
    h.append("<table><thead><tr><th>case</th>");
    arms.keySet().forEach(mode -> h.append("<th>").append(Html.escape(mode)).append("</th>"));
    h.append("</tr></thead><tbody>");
    for (String caseId : caseIds(arms)) {
      h.append("<tr><td class=\"id\">").append(Html.escape(caseId)).append("</td>");
      arms.values()
          .forEach(
              a ->
                  h.append("<td>")
                      .append(Html.escape(caseCell(a.byCase().get(caseId))))
                      .append("</td>"));
      h.append("</tr>");
    }
    h.append("</tbody></table></details></section>\n");
    return h.toString();
  }

  /** True when no run of any arm recorded its MCP use (a report from before it was measured). */
  private static boolean nothingKnown(Map<String, Adoption.ArmAdoption> arms) {
    return arms.values().stream()
        .allMatch(a -> a.tools() == null && a.runs().used() + a.runs().notUsed() == 0);
  }

  private static String unknownOnly(Map<String, Adoption.ArmAdoption> arms) {
    List<String> counts = new ArrayList<>();
    arms.forEach((mode, a) -> counts.add(mode + ": " + a.runs().unknown() + " unknown"));
    return "MCP use unknown: no with-MCP run with a verdict recorded it (results written before MCP"
        + " use was measured). "
        + String.join(", ", counts)
        + ".";
  }

  /** The runs listed as {@link #NOT_USED}, in index order. */
  static List<RunResult> notUsed(Report report) {
    Adoption adoption = report.adoption();
    if (adoption == null) {
      return List.of();
    }
    List<Integer> indices =
        adoption.byMode().values().stream()
            .flatMap(a -> a.offeredNotUsed().stream())
            .map(Adoption.RunRef::index)
            .toList();
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

  private static String unknown(Adoption.Use use) {
    return String.valueOf(use.unknown());
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

  private static String caseCell(Adoption.Use use) {
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

  private static List<String> caseIds(Map<String, Adoption.ArmAdoption> arms) {
    List<String> ids = new ArrayList<>();
    arms.values()
        .forEach(
            a -> a.byCase().keySet().stream().filter(id -> !ids.contains(id)).forEach(ids::add));
    return ids;
  }

  private static void row(
      StringBuilder md,
      String name,
      Map<String, Adoption.ArmAdoption> arms,
      Function<Adoption.ArmAdoption, String> value) {
    md.append("| ").append(name).append(" |");
    arms.values().forEach(a -> md.append(' ').append(value.apply(a)).append(" |"));
    md.append('\n');
  }

  private static void htmlRow(
      StringBuilder h,
      String name,
      Map<String, Adoption.ArmAdoption> arms,
      Function<Adoption.ArmAdoption, String> value) {
    h.append("<tr><td>").append(Html.escape(name)).append("</td>");
    arms.values()
        .forEach(a -> h.append("<td>").append(Html.escape(value.apply(a))).append("</td>"));
    h.append("</tr>");
  }
}
