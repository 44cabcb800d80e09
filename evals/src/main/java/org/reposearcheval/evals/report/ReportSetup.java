package org.reposearcheval.evals.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.CaseTree;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.ServerManifest;

/**
 * How an evaluation was set up and how long it took, as its report records them: the settings, each
 * arm as it ran, and the timing. {@link Report} implements this, so they read {@code
 * Report.Config}, {@code Report.ArmConfig} and {@code Report.Timing}.
 */
public interface ReportSetup {
  /**
   * The settings the evaluation ran with. {@code hiddenFromAgent}: paths inside the repository the
   * agents could not see (they worked on a copy without them); empty when they worked in it.
   */
  public record Config(
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
    public Config {
      cases = cases == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(cases));
      // Reports written before agents were a choice have only Claude Code's version.
      if (agentVersions == null || agentVersions.isEmpty()) {
        agentVersions = claudeCodeVersion == null ? Map.of() : Map.of("claude", claudeCodeVersion);
      }
      agentVersions = Collections.unmodifiableMap(new LinkedHashMap<>(agentVersions));
    }

    /** Settings without a record of the cases' trees (reports from before pinned suites). */
    public Config(
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
        Map<String, String> agentVersions) {
      this(
          parallel,
          runs,
          arms,
          tags,
          shard,
          timeout,
          model,
          maxTurns,
          claude,
          claudeCodeVersion,
          casesDir,
          repo,
          hiddenFromAgent,
          agentVersions,
          Map.of(),
          null,
          null,
          false);
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

  /**
   * One arm as it ran: its MCP config file and server names (none for a baseline), its own model,
   * if it has one, the agent CLI that ran it ({@code claude} in reports from before agents were a
   * choice), and the fingerprint of its MCP servers' definitions ({@link McpConfig#fingerprint()};
   * null for a baseline and in reports from before it was recorded), so {@code compare} can tell an
   * edited MCP config from the same one read at another path.
   */
  public record ArmConfig(
      String name,
      String mcpConfig,
      List<String> mcpServers,
      String model,
      String agent,
      String mcpConfigFingerprint,
      @JsonInclude(JsonInclude.Include.NON_NULL) String workspace,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<ServerManifest> mcpManifest) {
    /** {@code workspace} of an arm whose agents got no repository: an empty directory. */
    public static final String NO_WORKSPACE = "none";

    public ArmConfig(
        String name,
        String mcpConfig,
        List<String> mcpServers,
        String model,
        String agent,
        String mcpConfigFingerprint,
        String workspace) {
      this(name, mcpConfig, mcpServers, model, agent, mcpConfigFingerprint, workspace, null);
    }

    /**
     * This arm with what its MCP servers answered the harness before any run ({@code null}: not
     * asked).
     */
    public ArmConfig withMcpManifest(List<ServerManifest> manifest) {
      return new ArmConfig(
          name,
          mcpConfig,
          mcpServers,
          model,
          agent,
          mcpConfigFingerprint,
          workspace,
          manifest == null ? null : List.copyOf(manifest));
    }

    public ArmConfig {
      agent = agent == null ? AgentSpec.CLAUDE : agent;
    }

    public ArmConfig(
        String name,
        String mcpConfig,
        List<String> mcpServers,
        String model,
        String agent,
        String mcpConfigFingerprint) {
      this(name, mcpConfig, mcpServers, model, agent, mcpConfigFingerprint, null);
    }

    public ArmConfig(
        String name, String mcpConfig, List<String> mcpServers, String model, String agent) {
      this(name, mcpConfig, mcpServers, model, agent, null, null);
    }

    public ArmConfig(String name, String mcpConfig, List<String> mcpServers, String model) {
      this(name, mcpConfig, mcpServers, model, AgentSpec.CLAUDE);
    }

    public static ArmConfig of(Arm arm) {
      return new ArmConfig(
          arm.name(),
          arm.mcpConfig().map(m -> m.file().toString()).orElse(null),
          arm.mcpConfig().map(McpConfig::serverNames).orElse(List.of()),
          arm.model().orElse(null),
          arm.agent().agent(),
          arm.mcpConfig().map(McpConfig::fingerprint).orElse(null),
          arm.withoutRepo() ? NO_WORKSPACE : null);
    }

    /** True for the control arm: its agents worked in an empty directory. */
    public boolean withoutRepo() {
      return NO_WORKSPACE.equals(workspace);
    }
  }

  /**
   * Wall time of the whole evaluation against the sum of its runs' durations: {@code speedup =
   * sumRunMs / wallMs}, near {@code parallel} when the agents are the slow part. {@code
   * preparations}: the MCP servers' prepare steps, timed apart from the runs (never in {@code
   * sumRunMs}); empty when no server had one.
   */
  public record Timing(
      long wallMs,
      long sumRunMs,
      double speedup,
      int parallel,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Preparation> preparations) {
    public Timing {
      preparations = preparations == null ? List.of() : List.copyOf(preparations);
    }

    /** No MCP server had a prepare step. */
    public Timing(long wallMs, long sumRunMs, double speedup, int parallel) {
      this(wallMs, sumRunMs, speedup, parallel, List.of());
    }
  }
}
