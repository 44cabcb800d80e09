package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.reposearcheval.evals.report.Comparison.SetupChange;
import org.reposearcheval.evals.report.Comparison.SetupChange.Aspect;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.ServerManifest;

/**
 * What {@code compare} finds different in how the arms both reports ran were set up, from what the
 * reports record of each: the agent and its version, the model, the MCP config and the MCP tools
 * the runs were offered. A value one report did not record (a version, a config's fingerprint, the
 * tools of runs written before they were) is not a difference; an arm's default model is.
 */
final class SetupChanges {
  private SetupChanges() {}

  /** Each difference, in the order of {@link Aspect}, the arms sharing it named together. */
  static List<SetupChange> of(Report base, Report head, List<String> arms) {
    List<SetupChange> changes = new ArrayList<>();
    for (Aspect aspect : Aspect.values()) {
      Map<List<String>, List<String>> armsByChange = new LinkedHashMap<>();
      for (String arm : arms) {
        List<String> change = differs(aspect, base, head, arm);
        if (change != null) {
          armsByChange.computeIfAbsent(change, c -> new ArrayList<>()).add(arm);
        }
      }
      armsByChange.forEach(
          (change, named) ->
              changes.add(new SetupChange(aspect, named, change.get(0), change.get(1))));
    }
    return changes;
  }

  /** {@code [base, head]} when {@code arm} differs in {@code aspect}; null when it does not. */
  private static List<String> differs(Aspect aspect, Report base, Report head, String arm) {
    BiFunction<Report, String, String> value =
        switch (aspect) {
          case AGENT -> SetupChanges::agent;
          case MODEL -> SetupChanges::model;
          case MCP_CONFIG -> SetupChanges::mcpConfig;
          case MCP_TOOLS -> SetupChanges::mcpTools;
          case JUDGE -> SetupChanges::judge;
        };
    String before = value.apply(base, arm);
    String after = value.apply(head, arm);
    if (aspect == Aspect.MCP_TOOLS
        && before != null
        && after != null
        && hashed(before) != hashed(after)) {
      // One report has the servers' tool lists, the other only the names its runs recorded.
      before = names(before);
      after = names(after);
    }
    boolean different =
        switch (aspect) {
          case AGENT -> !sameAgent(base, head, arm);
          case MODEL -> !before.equals(after);
          case MCP_CONFIG -> !sameMcpConfig(config(base, arm), config(head, arm));
          case MCP_TOOLS, JUDGE -> before != null && after != null && !before.equals(after);
        };
    return different ? List.of(before, after) : null;
  }

  /**
   * Who graded the arm's judged answers, with which template: {@code claude (template
   * 1a2b3c4d5e6f)}; null when none of them was judged.
   */
  private static String judge(Report report, String arm) {
    List<String> judges =
        report.rawResults().stream()
            .filter(r -> r.arm().equals(arm) && r.judge() != null)
            .map(
                r ->
                    r.judge().judgeAndVersion()
                        + " (template "
                        + (r.judge().template() == null
                            ? "unknown"
                            : r.judge().template().substring(0, 12))
                        + ")")
            .distinct()
            .sorted()
            .toList();
    return judges.isEmpty() ? null : String.join(", ", judges);
  }

  private static ArmConfig config(Report report, String arm) {
    return report.config().arms().stream()
        .filter(a -> a.name().equals(arm))
        .findFirst()
        .orElseThrow();
  }

  /** Whether {@link #mcpTools} came with schema hashes. */
  private static boolean hashed(String tools) {
    return tools.contains(" ");
  }

  /** {@link #mcpTools} without the schema hashes. */
  private static String names(String tools) {
    return tools.isEmpty()
        ? tools
        : String.join(
            ", ",
            new TreeSet<>(
                java.util.Arrays.stream(tools.split(", ")).map(t -> t.split(" ")[0]).toList()));
  }

  /** {@code Claude Code 2.1.328}, or {@code Claude Code (version unknown)}. */
  private static String agent(Report report, String arm) {
    String agent = config(report, arm).agent();
    String version = report.config().agentVersions().get(agent);
    return AgentSpec.displayName(agent) + " " + (version == null ? "(version unknown)" : version);
  }

  /** Another agent, or the same at another version when both reports recorded it. */
  private static boolean sameAgent(Report base, Report head, String arm) {
    String agent = config(base, arm).agent();
    if (!agent.equals(config(head, arm).agent())) {
      return false;
    }
    String before = base.config().agentVersions().get(agent);
    String after = head.config().agentVersions().get(agent);
    return before == null || after == null || before.equals(after);
  }

  /** The arm's own model, else the run's, else {@code the agent's default}. */
  private static String model(Report report, String arm) {
    String model = config(report, arm).model();
    return model != null
        ? model
        : Objects.requireNonNullElse(report.config().model(), "the agent's default");
  }

  /** {@code `/x/mcp.json` (repo, docs)}, or {@code none}. */
  private static String mcpConfig(Report report, String arm) {
    ArmConfig config = config(report, arm);
    return config.mcpConfig() == null
        ? "none"
        : "`" + config.mcpConfig() + "` (" + String.join(", ", config.mcpServers()) + ")";
  }

  /**
   * The same servers: by their definitions when both reports recorded their fingerprint, wherever
   * the file lay; by the file and the servers' names otherwise.
   */
  private static boolean sameMcpConfig(ArmConfig base, ArmConfig head) {
    if ((base.mcpConfig() == null) != (head.mcpConfig() == null)) {
      return false;
    }
    if (base.mcpConfig() == null) {
      return true;
    }
    if (base.mcpConfigFingerprint() != null && head.mcpConfigFingerprint() != null) {
      return base.mcpConfigFingerprint().equals(head.mcpConfigFingerprint());
    }
    return base.mcpServers().equals(head.mcpServers());
  }

  /**
   * The MCP tools the arm was offered, sorted and joined with {@code ", "} (tool names hold no
   * comma or space): as its servers listed them to the harness, each with the start of its schema's
   * hash after a space ({@code mcp__repo__search_files 5b5a1eaeb940}); else as its runs recorded
   * them; null when neither says.
   */
  private static String mcpTools(Report report, String arm) {
    List<ServerManifest> servers = config(report, arm).mcpManifest();
    if (servers != null) {
      TreeSet<String> tools = new TreeSet<>();
      for (ServerManifest server : servers) {
        List<String> names = server.toolNames();
        for (int i = 0; i < names.size(); i++) {
          String hash = server.tools().get(i).schemaHash();
          tools.add(names.get(i) + " " + hash.substring(hash.indexOf(':') + 1).substring(0, 12));
        }
      }
      return String.join(", ", tools);
    }
    TreeSet<String> tools = new TreeSet<>();
    boolean recorded = false;
    for (RunResult r : report.rawResults()) {
      if (r.arm().equals(arm) && r.mcpUse() != null) {
        recorded = true;
        tools.addAll(r.mcpUse().offeredTools());
      }
    }
    return recorded ? String.join(", ", tools) : null;
  }
}
