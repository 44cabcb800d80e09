package org.reposearcheval.cmd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.EvalSettings;
import org.reposearcheval.evals.PerRun;
import org.reposearcheval.evals.suite.AgentSpec;
import picocli.CommandLine.Option;

/** The agent and what each of its runs is given: an option group of {@code run}. */
final class AgentRunOptions {
  @Option(
      names = "--repo",
      paramLabel = "DIR",
      defaultValue = ".",
      description =
          "Repository the agent works in, for cases that name none (default: current"
              + " directory); unpinned, as its working tree stands.")
  Path repo;

  @Option(
      names = "--repo-cache",
      paramLabel = "DIR",
      description =
          "Cached clones of the repositories pinned cases name; shareable between runs"
              + " (default: $XDG_CACHE_HOME/repo-search-eval/repos, else"
              + " ~/.cache/repo-search-eval/repos).")
  Path repoCache;

  @Option(
      names = "--claude",
      paramLabel = "PATH",
      defaultValue = "claude",
      description =
          "Claude Code executable: a name on PATH (default: ${DEFAULT-VALUE}) or a path, relative"
              + " to the current directory.")
  String claude;

  @Option(
      names = "--agent",
      paramLabel = "AGENT",
      defaultValue = "claude",
      completionCandidates = AgentNames.class,
      description =
          "Agent CLI the two arms run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); a"
              + " variant may name its own.")
  String agent;

  @Option(
      names = "--agent-command",
      paramLabel = "PATH",
      description =
          "The agent's executable: a path, relative to the current directory, or a name on PATH"
              + " (default: its usual name).")
  String agentCommand;

  @Option(
      names = "--agent-args",
      paramLabel = "ARG",
      description =
          "An argument for the agent of the two arms, before the harness's own (which win where"
              + " they clash), as a variant's \"args\"; repeat for more, e.g. --agent-args=-c"
              + " --agent-args=model_provider=gateway.")
  List<String> agentArgs = new ArrayList<>();

  @Option(
      names = "--agent-env",
      paramLabel = "NAME=VALUE",
      description =
          "A variable for the agent of the two arms, as a variant's \"env\"; repeat for more."
              + " Its value is masked wherever a run is written down; run.json records the name"
              + " only, so --resume takes the value from the environment.")
  Map<String, String> agentEnv = new LinkedHashMap<>();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description =
          "Per run, e.g. 90s or 5m; a case's own timeout wins (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description = "Passed to the agent's model option; a variant's own model wins.")
  String model;

  @Option(
      names = "--max-turns",
      paramLabel = "N",
      description = "Turn limit, for agents that have one (claude --max-turns).")
  Integer maxTurns;

  @Option(
      names = "--max-cost-per-run",
      paramLabel = "USD",
      description =
          "What one run may spend, passed to agents with such a cap (claude --max-budget-usd);"
              + " an error for an arm whose agent has none.")
  Double maxCostPerRunUsd;

  /** The agent's settings; {@code repoGiven}: whether {@code --repo} was on the command line. */
  EvalSettings.Agent agent(boolean repoGiven) {
    return new EvalSettings.Agent(
        repo,
        executable(claude),
        agent,
        Optional.ofNullable(agentCommand).map(AgentRunOptions::executable),
        Optional.ofNullable(repoCache),
        repoGiven,
        agentArgs,
        agentEnv);
  }

  /**
   * A path (it has a {@code /}) made absolute against the directory the command runs in, as every
   * other path option is, rather than against {@code --repo}, where the agent starts; a bare name
   * stays a name, looked up on {@code PATH}.
   */
  static String executable(String command) {
    return command.contains("/")
        ? Path.of(command).toAbsolutePath().normalize().toString()
        : command;
  }

  PerRun perRun() {
    return new PerRun(
        timeout,
        Optional.ofNullable(model),
        Optional.ofNullable(maxTurns),
        Optional.ofNullable(maxCostPerRunUsd));
  }

  /** The names {@code --agent} takes, for help and shell completion. */
  static final class AgentNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return AgentSpec.AGENTS.iterator();
    }
  }
}
