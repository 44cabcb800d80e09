package org.reposearcheval.evals.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.CaseTree;
import org.reposearcheval.evals.suite.ServerManifest;

/**
 * The settings the evaluation ran with. {@code hiddenFromAgent}: paths inside the repository the
 * agents could not see (they worked on a copy without them); empty when they worked in it.
 */
public record ReportConfig(
    int parallel,
    int runs,
    List<ArmConfig> arms,
    List<String> tags,
    String shard,
    String timeout,
    String model,
    Integer maxTurns,
    String claude,
    String claudeCodeVersion,
    String casesDir,
    String repo,
    List<String> hiddenFromAgent,
    Map<String, String> agentVersions,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, CaseTree> cases,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double maxCostUsd,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double maxCostPerRunUsd,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean autoRuns) {
  public ReportConfig {
    cases = cases == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(cases));
    // Reports written before agents were a choice have only Claude Code's version.
    if (agentVersions == null || agentVersions.isEmpty()) {
      agentVersions = claudeCodeVersion == null ? Map.of() : Map.of("claude", claudeCodeVersion);
    }
    agentVersions = Collections.unmodifiableMap(new LinkedHashMap<>(agentVersions));
  }

  /** True when some case was asked about a pinned commit. */
  public boolean pinned() {
    return cases.values().stream().anyMatch(CaseTree::pinned);
  }

  /**
   * The agents that ran and their versions: {@code Claude Code 2.1.328}, or {@code Claude Code
   * 2.1.328 · Codex CLI 0.169.0} when arms ran different agents.
   */
  public String agents() {
    if (agentVersions.isEmpty()) {
      return "Claude Code unknown";
    }
    return agentVersions.entrySet().stream()
        .map(e -> AgentSpec.displayName(e.getKey()) + " " + e.getValue())
        .collect(Collectors.joining(" · "));
  }

  /**
   * What each arm's MCP servers answered the harness before any run, by arm: only the arms whose
   * servers were asked (none in reports from before the harness asked them).
   */
  public Map<String, List<ServerManifest>> mcpManifest() {
    Map<String, List<ServerManifest>> byArm = new LinkedHashMap<>();
    arms.stream()
        .filter(a -> a.mcpManifest() != null)
        .forEach(a -> byArm.put(a.name(), a.mcpManifest()));
    return byArm;
  }

  /** The arms that had MCP servers configured, in run order. */
  public List<String> armsWithMcp() {
    return arms.stream()
        .filter(a -> a.mcpServers() != null && !a.mcpServers().isEmpty())
        .map(ArmConfig::name)
        .toList();
  }
}
