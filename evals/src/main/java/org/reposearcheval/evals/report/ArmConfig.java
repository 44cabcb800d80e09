package org.reposearcheval.evals.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.ServerManifest;

/**
 * One arm as it ran: its MCP config file and server names (none for a baseline), its own model, if
 * it has one, the agent CLI that ran it ({@code claude} in reports from before agents were a
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
