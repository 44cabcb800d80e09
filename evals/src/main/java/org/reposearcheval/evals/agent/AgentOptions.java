package org.reposearcheval.evals.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to run the agent for every job: which binary each agent starts as, in which repository, and
 * the optional model (an arm's own model wins) and turn limit passed through to it.
 *
 * @param runTimeout per run, unless a case sets its own
 * @param maxCostPerRunUsd what one run may spend ({@code --max-cost-per-run}), passed to an agent
 *     with a per-run cap ({@link AgentCli#costCapOption()})
 * @param noTools every run is offered no tool at all, built-in or MCP (the judge's runs): each
 *     adapter takes them away in its CLI's own way ({@link AgentCli.RunSetup#noTools()})
 */
public record AgentOptions(
    Binaries binaries,
    Path repo,
    Optional<String> model,
    Optional<Integer> maxTurns,
    Duration runTimeout,
    Optional<Double> maxCostPerRunUsd,
    boolean noTools) {

  public AgentOptions {
    maxCostPerRunUsd = maxCostPerRunUsd == null ? Optional.empty() : maxCostPerRunUsd;
  }

  /** An arm's runs: the read-only tools and the arm's MCP servers, no cap. */
  public AgentOptions(
      Binaries binaries,
      Path repo,
      Optional<String> model,
      Optional<Integer> maxTurns,
      Duration runTimeout) {
    this(binaries, repo, model, maxTurns, runTimeout, Optional.empty(), false);
  }
}
