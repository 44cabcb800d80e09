package org.reposearcheval.evals.suite;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One way of running every case: a name, the MCP servers the agent gets (none for a baseline),
 * optionally a model of its own, and the agent CLI that runs it. The default pair is {@code
 * with-mcp} and {@code without-mcp}; named variants (two MCP configurations, two models, two
 * agents) are arms too.
 */
public record Arm(
    String name,
    Optional<McpConfig> mcpConfig,
    Optional<String> model,
    AgentSpec agent,
    boolean withoutRepo) {
  public static final String WITH_MCP = "with-mcp";
  public static final String WITHOUT_MCP = "without-mcp";

  /**
   * The control for memorized answers ({@code run --no-repo-control}): an empty working directory,
   * no MCP server; a case it passes was answered without the repository.
   */
  public static final String NO_REPO = "no-repo";

  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public Arm {
    if (!SAFE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "arm name '" + name + "' may use only letters, digits, '.', '_' and '-'");
    }
    java.util.Objects.requireNonNull(agent, "agent");
    if (withoutRepo && mcpConfig.isPresent()) {
      throw new IllegalArgumentException(
          "arm '" + name + "' gets no repository, so no MCP server either");
    }
  }

  /** An arm that works in the case's repository. */
  public Arm(String name, Optional<McpConfig> mcpConfig, Optional<String> model, AgentSpec agent) {
    this(name, mcpConfig, model, agent, false);
  }

  /** An arm run by Claude Code as found on {@code PATH}. */
  public Arm(String name, Optional<McpConfig> mcpConfig, Optional<String> model) {
    this(name, mcpConfig, model, AgentSpec.DEFAULT);
  }

  public static Arm withMcp(McpConfig config) {
    return withMcp(config, AgentSpec.DEFAULT);
  }

  public static Arm withoutMcp() {
    return withoutMcp(AgentSpec.DEFAULT);
  }

  public static Arm withMcp(McpConfig config, AgentSpec agent) {
    return new Arm(WITH_MCP, Optional.of(config), Optional.empty(), agent);
  }

  public static Arm withoutMcp(AgentSpec agent) {
    return new Arm(WITHOUT_MCP, Optional.empty(), Optional.empty(), agent);
  }

  /** The control: {@code agent} in an empty directory, no MCP server. */
  public static Arm noRepo(AgentSpec agent) {
    return new Arm(NO_REPO, Optional.empty(), Optional.empty(), agent, true);
  }

  /** This arm with {@code config} as its MCP servers (the placeholders of its file filled in). */
  public Arm withMcpConfig(McpConfig config) {
    return new Arm(name, Optional.of(config), model, agent, withoutRepo);
  }

  /** True when the agent gets MCP servers in this arm. */
  public boolean usesMcp() {
    return mcpConfig.isPresent();
  }

  @Override
  public String toString() {
    return name;
  }
}
