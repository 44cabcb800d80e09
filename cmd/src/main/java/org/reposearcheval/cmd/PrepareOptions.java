package org.reposearcheval.cmd;

import java.time.Duration;
import org.reposearcheval.evals.EvalSettings;
import picocli.CommandLine.Option;

/** How the MCP servers' prepare steps run: an option group of {@code run}. */
final class PrepareOptions {
  @Option(
      names = "--prepare-timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description =
          "Time limit of each MCP server's prepare step in each checkout (default:"
              + " ${DEFAULT-VALUE}).")
  Duration prepareTimeout;

  @Option(
      names = "--no-prepare-cache",
      description =
          "Prepare every checkout afresh instead of reusing one prepared before (kept in the clone"
              + " cache).")
  boolean noPrepareCache;

  EvalSettings.Prepare prepare() {
    return new EvalSettings.Prepare(prepareTimeout, noPrepareCache);
  }
}
