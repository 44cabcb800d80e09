package org.reposearcheval.evals.suite;

import java.util.Objects;
import java.util.Optional;

/**
 * Which agent judges, with which model: {@code --judge AGENT[:MODEL]} or a variants file's {@code
 * judge}. Claude Code, with its own default model, unless told.
 */
public record JudgeSpec(String agent, Optional<String> model) {
  public static final JudgeSpec DEFAULT = new JudgeSpec(AgentSpec.CLAUDE, Optional.empty());

  public JudgeSpec {
    Objects.requireNonNull(agent, "agent");
    if (!AgentSpec.AGENTS.contains(agent)) {
      throw new IllegalArgumentException(
          "--judge: unknown agent '" + agent + "'; one of " + String.join(", ", AgentSpec.AGENTS));
    }
    model = model == null ? Optional.empty() : model.filter(m -> !m.isBlank());
  }

  /** {@code AGENT} or {@code AGENT:MODEL}, as {@link #toString()} writes it. */
  public static JudgeSpec parse(String text) {
    int colon = text.indexOf(':');
    return colon < 0
        ? new JudgeSpec(text.strip(), Optional.empty())
        : new JudgeSpec(text.substring(0, colon).strip(), Optional.of(text.substring(colon + 1)));
  }

  @Override
  public String toString() {
    return agent + model.map(m -> ":" + m).orElse("");
  }
}
