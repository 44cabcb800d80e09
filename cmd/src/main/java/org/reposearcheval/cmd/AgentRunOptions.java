package org.reposearcheval.cmd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.reposearcheval.evals.EvalSettings;
import picocli.CommandLine.Option;

/** The agent and what each of its runs is given: an option group of {@code run}. */
final class AgentRunOptions {
  @Option(
      names = "--repo",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Repository the agent works in (default: current directory).")
  Path repo;

  @Option(
      names = "--claude",
      paramLabel = "PATH",
      defaultValue = "claude",
      description = "Claude Code executable (default: ${DEFAULT-VALUE} on PATH).")
  String claude;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description =
          "Per run, e.g. 90s or 5m; a case's own timeout wins (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--model", paramLabel = "MODEL", description = "Passed to claude --model.")
  String model;

  @Option(names = "--max-turns", paramLabel = "N", description = "Passed to claude --max-turns.")
  Integer maxTurns;

  EvalSettings.Agent agent() {
    return new EvalSettings.Agent(repo, claude);
  }

  EvalSettings.PerRun perRun() {
    return new EvalSettings.PerRun(
        timeout, Optional.ofNullable(model), Optional.ofNullable(maxTurns));
  }
}
