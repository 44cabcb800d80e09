package org.reposearcheval.evals.suite;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which agent CLI an arm runs, and how to reach it: the agent's name ({@link #AGENTS}), the binary
 * (its usual name on {@code PATH} when absent), extra command-line arguments and extra environment.
 * The harness's own arguments and variables win where they clash; {@code env} values are masked
 * like secrets wherever a run is written down.
 */
public record AgentSpec(
    String agent, Optional<String> command, List<String> args, Map<String, String> env) {
  public static final String CLAUDE = "claude";

  /**
   * Every agent the harness can drive, as {@code --agent} and a variant's {@code agent} name it.
   */
  public static final List<String> AGENTS =
      List.of(CLAUDE, "codex", "gemini", "opencode", "auggie");

  private static final Map<String, String> DISPLAY_NAMES =
      Map.of(
          CLAUDE,
          "Claude Code",
          "codex",
          "Codex CLI",
          "gemini",
          "Gemini CLI",
          "opencode",
          "OpenCode",
          "auggie",
          "Augment CLI");

  /** The npm package each agent's CLI is installed from, as the integration tests pin them. */
  private static final Map<String, String> NPM_PACKAGES =
      Map.of(
          CLAUDE,
          "@anthropic-ai/claude-code",
          "codex",
          "@openai/codex",
          "gemini",
          "@google/gemini-cli",
          "opencode",
          "opencode-ai",
          "auggie",
          "@augmentcode/auggie");

  /** How to install {@code agent}'s CLI: {@code npm install -g @openai/codex}. */
  public static String installCommand(String agent) {
    return "npm install -g " + NPM_PACKAGES.get(agent);
  }

  /** Claude Code on {@code PATH}, as the harness runs it by default. */
  public static final AgentSpec DEFAULT = of(CLAUDE, Optional.empty());

  public AgentSpec {
    Objects.requireNonNull(agent, "agent");
    if (!AGENTS.contains(agent)) {
      throw new IllegalArgumentException(
          "unknown agent '" + agent + "'; one of " + String.join(", ", AGENTS));
    }
    Objects.requireNonNull(command, "command");
    args = List.copyOf(args);
    env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
  }

  /** {@code agent} started as {@code command} (its usual name when empty), nothing extra. */
  public static AgentSpec of(String agent, Optional<String> command) {
    return new AgentSpec(agent, command, List.of(), Map.of());
  }

  /** The name a person knows {@code agent} by: {@code Claude Code}, {@code Codex CLI}, … */
  public static String displayName(String agent) {
    return DISPLAY_NAMES.getOrDefault(agent, agent);
  }

  /** True for Claude Code. */
  public boolean isClaude() {
    return CLAUDE.equals(agent);
  }
}
