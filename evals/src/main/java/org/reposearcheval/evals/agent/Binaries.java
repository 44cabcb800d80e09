package org.reposearcheval.evals.agent;

import java.util.Map;
import java.util.TreeMap;
import org.reposearcheval.evals.suite.AgentSpec;

/**
 * The binary each agent starts as where the user named one for all of its arms (Claude Code's
 * {@code --claude}), by agent name: resolved here, outside {@link AgentCli}, so the seam names no
 * agent. An arm's own binary wins; an agent not named here starts as {@link
 * AgentCli#defaultCommand()}.
 */
public record Binaries(Map<String, String> byAgent) {
  /** No agent's binary named: each starts under its own name. */
  public static final Binaries DEFAULT = new Binaries(Map.of());

  public Binaries {
    byAgent = java.util.Collections.unmodifiableMap(new TreeMap<>(byAgent));
  }

  /** {@code binary} for {@code agent}, the rest as they are. */
  public static Binaries of(String agent, String binary) {
    return new Binaries(Map.of(agent, binary));
  }

  /** The binary a run of {@code spec} through {@code cli} starts. */
  public String of(AgentCli cli, AgentSpec spec) {
    return spec.command().orElse(byAgent.getOrDefault(cli.name(), cli.defaultCommand()));
  }
}
