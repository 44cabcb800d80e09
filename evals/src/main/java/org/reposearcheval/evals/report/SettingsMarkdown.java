package org.reposearcheval.evals.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.CaseTree;
import org.reposearcheval.evals.util.Durations;

/**
 * The head of {@code report.md}: when the evaluation ran and how long it took, the agents, model
 * and cases, the trees the cases were asked about, and what set each arm apart.
 */
final class SettingsMarkdown {
  private SettingsMarkdown() {}

  static void render(StringBuilder md, Report report) {
    ReportConfig config = report.config();
    Timing timing = report.timing();
    md.append(
        String.format(
            Locale.ROOT,
            "Started %s, finished %s: wall %s for %s of runs, speedup %.1f× at --parallel %d.%n%n",
            report.startedAt(),
            report.finishedAt(),
            Durations.format(timing.wallMs()),
            Durations.format(timing.sumRunMs()),
            timing.speedup(),
            timing.parallel()));
    md.append(config.agents())
        .append(" · model ")
        .append(Objects.requireNonNullElse(config.model(), "default"))
        .append(" · ")
        .append(ReportText.runsPerCase(config))
        .append(
            config.tags().isEmpty() ? "" : " · cases tagged " + String.join(", ", config.tags()))
        .append(" · timeout ")
        .append(config.timeout())
        .append(" · cases `")
        .append(config.casesDir())
        .append('`')
        .append(repositories(config));
    boolean agents = config.arms().stream().map(ArmConfig::agent).distinct().count() > 1;
    for (ArmConfig arm : config.arms()) {
      if (arm.mcpConfig() != null || arm.model() != null || agents) {
        md.append(" · ").append(arm.name()).append(':');
        if (agents) {
          md.append(' ').append(AgentSpec.displayName(arm.agent()));
        }
        if (arm.mcpConfig() != null) {
          md.append(" MCP config `")
              .append(arm.mcpConfig())
              .append("` (")
              .append(String.join(", ", arm.mcpServers()))
              .append(')');
        }
        if (arm.model() != null) {
          md.append(" model ").append(arm.model());
        }
      }
    }
    if (!config.hiddenFromAgent().isEmpty()) {
      md.append(" · agents worked on a copy of the repository without `")
          .append(String.join("`, `", config.hiddenFromAgent()))
          .append('`');
    }
  }

  /**
   * Which trees the cases were asked about: each pinned commit with its ref and case count, and
   * {@code --repo} as its working tree stood for the unpinned cases (all of them in a report from
   * before pinned suites).
   */
  static String repositories(ReportConfig config) {
    Map<CaseTree, Long> pinned = new LinkedHashMap<>();
    long unpinned = 0;
    for (CaseTree tree : config.cases().values()) {
      if (tree.pinned()) {
        pinned.merge(tree, 1L, Long::sum);
      } else {
        unpinned++;
      }
    }
    StringBuilder text = new StringBuilder();
    if (pinned.isEmpty() || unpinned > 0) {
      text.append(" · repository `")
          .append(config.repo())
          .append("` unpinned (its working tree as it stood");
      text.append(pinned.isEmpty() ? ")" : ", " + unpinned + " cases)");
    }
    pinned.forEach(
        (tree, count) ->
            text.append(" · pinned `")
                .append(tree.repo())
                .append("` at `")
                .append(tree.commit(), 0, Math.min(12, tree.commit().length()))
                .append('`')
                .append(tree.ref().equals(tree.commit()) ? "" : " (" + tree.ref() + ")")
                .append(", tree `")
                .append(tree.tree(), 0, Math.min(12, tree.tree().length()))
                .append("`, ")
                .append(count)
                .append(count == 1 ? " case" : " cases"));
    return text.toString();
  }
}
