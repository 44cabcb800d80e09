package org.reposearcheval.evals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.reposearcheval.evals.suite.Shard;

/**
 * Everything one evaluation needs, as plain values: the command line fills it, {@link Evaluation}
 * carries it out.
 *
 * @param tags run only the cases with one of these tags; empty runs every case
 * @param shard the share of the (tag-selected) cases this run does; {@link Shard#ALL} for all
 * @param variantsFile named arms ({@code --variants}) instead of {@code modes} and the MCP config
 * @param modes {@code with-mcp} and/or {@code without-mcp}, in the order they run within a case
 * @param runs repetitions per case and mode
 * @param parallel runs in flight at once; 1 or less runs them one after another
 * @param policy retries, budgets and guards: how the evaluation copes when things go wrong
 */
public record EvalSettings(
    Path casesDir,
    Set<String> tags,
    Shard shard,
    Path mcpConfigFile,
    Optional<Path> variantsFile,
    Path repo,
    String claude,
    List<String> modes,
    int runs,
    int parallel,
    Duration runTimeout,
    Optional<String> model,
    Optional<Integer> maxTurns,
    Path outputDir,
    Policy policy) {

  public EvalSettings {
    tags = Set.copyOf(tags);
    modes = List.copyOf(modes);
  }

  /**
   * How the evaluation copes when things go wrong.
   *
   * @param retries extra attempts for a run that failed for a transient reason (rate limit,
   *     overload, an agent that died without a result); never for a timeout or a wrong answer
   * @param failFast the first infrastructure failure (error, timeout, invalid) cancels the rest
   * @param maxDuration a budget for the whole evaluation; when spent, unfinished runs are cancelled
   * @param minFreeMemoryBytes no new run starts while the machine has less memory available
   */
  public record Policy(
      int retries, boolean failFast, Optional<Duration> maxDuration, long minFreeMemoryBytes) {
    public static final Policy DEFAULTS = new Policy(2, false, Optional.empty(), 512L << 20);
  }
}
