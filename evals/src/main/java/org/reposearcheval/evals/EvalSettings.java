package org.reposearcheval.evals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one evaluation needs, as plain values: the command line fills it, {@link Evaluation}
 * carries it out.
 *
 * @param tags run only the cases with one of these tags; empty runs every case
 * @param modes {@code with-mcp} and/or {@code without-mcp}, in the order they run within a case
 * @param runs repetitions per case and mode
 * @param parallel runs in flight at once; 1 or less runs them one after another
 */
public record EvalSettings(
    Path casesDir,
    Set<String> tags,
    Path mcpConfigFile,
    Path repo,
    String claude,
    List<String> modes,
    int runs,
    int parallel,
    Duration runTimeout,
    Optional<String> model,
    Optional<Integer> maxTurns,
    Path outputDir) {

  public EvalSettings {
    tags = Set.copyOf(tags);
    modes = List.copyOf(modes);
  }
}
