package org.reposearcheval.evals.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to run the agent for every job: which {@code claude}, in which repository, and the optional
 * model (an arm's own model wins) and turn limit passed through to it.
 *
 * @param runTimeout per run, unless a case sets its own
 */
public record AgentOptions(
    String claude,
    Path repo,
    Optional<String> model,
    Optional<Integer> maxTurns,
    Duration runTimeout) {}
