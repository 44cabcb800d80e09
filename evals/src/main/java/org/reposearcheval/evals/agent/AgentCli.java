package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.McpConfig;

/**
 * One agent CLI as the harness drives it headless: how one run of it starts (command line, stdin,
 * environment, the files its private home needs), how its output is read into the one normalized
 * {@link AgentStream}, where a signed-in user's credentials live and how a refreshed one goes back,
 * and what it needs to authenticate. It names no other agent and is handed no job: what a run gets
 * is {@link RunSetup}. The process itself, its timeout and tree kill and the verdict are the same
 * for every agent ({@link AgentSolver}); retries are the scheduler's ({@code run.Retrying}).
 */
public interface AgentCli {
  /**
   * The name {@code --agent} and a variant's {@code agent} use: {@code claude}, {@code codex}, …
   */
  String name();

  /** The name a person knows it by: {@code Claude Code}, {@code Codex CLI}, … */
  default String displayName() {
    return AgentSpec.displayName(name());
  }

  /**
   * The binary looked up on {@code PATH} unless the arm names one: every CLI the harness knows is
   * installed under its own name.
   */
  default String defaultCommand() {
    return name();
  }

  /**
   * How {@code run} starts: its command line, what goes on stdin (the prompt, where the CLI reads
   * it there), and its environment. May write the files the run's private home needs (settings, the
   * MCP servers in the agent's own form) into {@link RunSetup#home()}.
   */
  Invocation invocation(RunSetup run) throws IOException;

  /** Reads what the run printed into the normalized stream. */
  AgentStream read(Path transcript, StreamContext context) throws IOException;

  /**
   * Whether whatever still carries a run's marker is killed after the agent exits by itself, even
   * in a run without MCP servers (a with-MCP run is always swept: its servers may outlive it). True
   * unless the CLI is known to leave nothing behind (Codex once left its login-shell snapshot after
   * an API error).
   */
  default boolean sweepsEveryRun() {
    return true;
  }

  /**
   * The environment the binary starts with outside a run (asked for its version): {@code
   * environment} less anything that would stop it starting there. The user's, unchanged, unless the
   * CLI says otherwise.
   */
  default Map<String, String> launchEnvironment(Map<String, String> environment) {
    return new HashMap<>(environment);
  }

  /**
   * The option that caps what one run may spend, in US dollars ({@code --max-cost-per-run}), or
   * empty when the CLI has none (then the option is refused for its arms before anything runs).
   */
  default Optional<String> costCapOption() {
    return Optional.empty();
  }

  /**
   * The settings that choose where this agent sends its model requests, named for a run that could
   * not reach its API ({@link Unreachable}).
   */
  default String endpointSettings() {
    return "its own settings";
  }

  /** Arguments that make the binary print its version and exit. */
  default List<String> versionArgs() {
    return List.of("--version");
  }

  /**
   * Files of a signed-in user to link, never copy, into each run's private home, and carry back
   * when a run replaced its link with a newer file (a refreshed token). Empty for API keys.
   */
  List<Credential> credentials(Map<String, String> environment);

  /**
   * Why this agent cannot authenticate with {@code environment} (the user's, plus an arm's own), in
   * one line naming what to set; empty when it can.
   */
  Optional<String> missingAuth(Map<String, String> environment);

  /**
   * As {@link #missingAuth(Map)}, for an arm that passes {@code extraArgs}: they may pick a
   * provider of the CLI's own that authenticates another way (Codex's {@code -c model_provider=}).
   */
  default Optional<String> missingAuth(Map<String, String> environment, List<String> extraArgs) {
    return missingAuth(environment);
  }

  /**
   * What one run of a job gets: all an adapter needs, never the job itself.
   *
   * @param prompt the case's prompt, as the agent is to be asked it
   * @param mcpConfig the arm's MCP servers, their placeholders filled in for this run (and their
   *     prepare steps left out); empty for a baseline
   * @param command the binary: the arm's own, or {@link #defaultCommand()}
   * @param extraArgs the arm's own arguments; the harness's arguments win where they clash
   * @param environment the user's environment with the arm's own variables and {@code TMPDIR} set
   *     to {@code tmp}, the private home not yet set: the adapter points the CLI at {@code home}
   * @param home an empty private directory for this run's config, removed or emptied after it
   * @param tmp an empty private directory inside {@code home} for {@code TMPDIR}
   * @param model the arm's model, else {@code --model}
   * @param maxTurns {@code --max-turns}, where the CLI has such a limit
   * @param maxCostPerRunUsd {@code --max-cost-per-run}, for a CLI with {@link #costCapOption()}
   * @param noTools the run is offered no tool at all, built-in or MCP (a judge's run): the adapter
   *     takes every tool away, as its CLI allows, besides giving it no MCP server
   */
  record RunSetup(
      String prompt,
      Optional<McpConfig> mcpConfig,
      String command,
      List<String> extraArgs,
      Map<String, String> environment,
      Path workDir,
      Path home,
      Path tmp,
      Optional<String> model,
      Optional<Integer> maxTurns,
      Optional<Double> maxCostPerRunUsd,
      boolean noTools) {
    /** Without a cap on what the run may spend, offered its tools. */
    public RunSetup(
        String prompt,
        Optional<McpConfig> mcpConfig,
        String command,
        List<String> extraArgs,
        Map<String, String> environment,
        Path workDir,
        Path home,
        Path tmp,
        Optional<String> model,
        Optional<Integer> maxTurns) {
      this(
          prompt,
          mcpConfig,
          command,
          extraArgs,
          environment,
          workDir,
          home,
          tmp,
          model,
          maxTurns,
          Optional.empty(),
          false);
    }

    /**
     * {@code TMPDIR} is {@code tmp} whatever the user's: what the agent, and the servers and tools
     * it starts, write to temporary files stays in the run's home, for every agent alike.
     */
    public RunSetup {
      maxCostPerRunUsd = maxCostPerRunUsd == null ? Optional.empty() : maxCostPerRunUsd;
      Map<String, String> withTmp = new HashMap<>(environment);
      withTmp.put("TMPDIR", tmp.toString());
      environment = Collections.unmodifiableMap(withTmp);
    }
  }

  /** The command line, stdin, and the environment of one run. */
  record Invocation(List<String> command, byte[] stdin, Map<String, String> environment) {}

  /**
   * What a reader needs beside the transcript: the MCP servers the arm configured (none for a
   * baseline; a CLI that names MCP tools {@code <server>_<tool>} needs them to recognize its MCP
   * calls), the tail of stderr, where some CLIs report a server that failed, and the model the
   * harness asked for (the arm's, else {@code --model}; null when neither names one), which prices
   * the run of a CLI that reports no cost and no model.
   */
  record StreamContext(List<String> configuredServers, String stderrTail, String model) {
    public static final StreamContext NONE = new StreamContext(List.of(), "");

    public StreamContext(List<String> configuredServers, String stderrTail) {
      this(configuredServers, stderrTail, null);
    }
  }

  /**
   * A credentials file: {@code userFile} in the user's own config, {@code inHome} where the CLI
   * looks for it relative to a run's private home, how a file a run wrote there instead of the link
   * goes back to the user's ({@code rule}), and the command that signs the user in again should
   * that fail (empty when there is none to name).
   */
  record Credential(Path userFile, Path inHome, CarryBack rule, String signIn) {
    /** A token file that a newer one replaces whole: the run's, when it was written later. */
    public Credential(Path userFile, Path inHome) {
      this(userFile, inHome, CarryBack.NEWER_FILE, "");
    }
  }

  /** How a run's refreshed credentials go back to the user's file: each CLI's own rule. */
  @FunctionalInterface
  interface CarryBack {
    /** The rule of a file whose format the harness does not read: the run's when it is newer. */
    CarryBack NEWER_FILE = NewerFile::carryBack;

    /**
     * Puts what {@code runCopy}, the file a run wrote in place of its link, holds back into {@code
     * userFile} when the rule says so. Messages of exceptions never quote either file.
     */
    void carryBack(Path runCopy, Path userFile) throws IOException;
  }
}
