package org.reposearcheval.evals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything one evaluation needs, as plain values: the command line fills it, {@link Evaluation}
 * carries it out.
 *
 * @param arms the modes to run, in the order they run within a case
 * @param runs repetitions per case and mode
 * @param parallel runs in flight at once; 1 or less runs them one after another
 */
public record EvalSettings(
    Path casesDir,
    Path mcpConfigFile,
    Path repo,
    String claude,
    List<Arm> arms,
    int runs,
    int parallel,
    Duration runTimeout,
    Optional<String> model,
    Optional<Integer> maxTurns,
    Path outputDir) {

  public EvalSettings {
    arms = List.copyOf(arms);
  }
}
