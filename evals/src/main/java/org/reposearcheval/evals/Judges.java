package org.reposearcheval.evals;

import java.util.Optional;
import org.reposearcheval.evals.judge.Judge;
import org.reposearcheval.evals.suite.JudgeSpec;
import org.reposearcheval.evals.suite.Variants;

/**
 * Which judge a run's settings name: {@code --judge}, else the variants file's, else Claude Code.
 */
final class Judges {
  private Judges() {}

  static JudgeSpec spec(EvalSettings settings) {
    Optional<String> named =
        settings
            .judging()
            .judge()
            .or(() -> settings.suite().variants().flatMap(f -> Variants.load(f).judge()));
    return named.map(JudgeSpec::parse).orElse(JudgeSpec.DEFAULT);
  }

  /**
   * The judge's settings: its binary is {@code --agent-command} when it is the arms' agent (Claude
   * Code's is {@code --claude} otherwise), else its usual name; each of its runs has {@code
   * --timeout}.
   */
  static Judge.Settings settings(EvalSettings settings) {
    JudgeSpec spec = spec(settings);
    Optional<String> command =
        spec.agent().equals(settings.agent().agent())
            ? settings.agent().agentCommand()
            : Optional.empty();
    return new Judge.Settings(
        spec, settings.judging().judgeRuns(), command, settings.perRun().timeout());
  }
}
