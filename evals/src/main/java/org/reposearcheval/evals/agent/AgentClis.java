package org.reposearcheval.evals.agent;

import java.util.List;
import java.util.Optional;
import org.reposearcheval.evals.agent.auggie.AugmentCli;
import org.reposearcheval.evals.agent.claude.ClaudeCode;
import org.reposearcheval.evals.agent.codex.CodexCli;
import org.reposearcheval.evals.agent.gemini.GeminiCli;
import org.reposearcheval.evals.agent.opencode.OpenCode;

/** Every agent CLI the harness can drive, by the name {@code --agent} gives it. */
public final class AgentClis {
  private static final List<AgentCli> ALL =
      List.of(new ClaudeCode(), new CodexCli(), new GeminiCli(), new OpenCode(), new AugmentCli());

  private AgentClis() {}

  /** Every adapter, Claude Code first. */
  public static List<AgentCli> all() {
    return ALL;
  }

  /** The adapter named {@code name}, if the harness has one. */
  public static Optional<AgentCli> named(String name) {
    return ALL.stream().filter(cli -> cli.name().equals(name)).findFirst();
  }
}
