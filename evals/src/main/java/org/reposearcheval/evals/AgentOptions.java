package org.reposearcheval.evals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to run the agent for every job: which {@code claude}, in which repository, with which MCP
 * servers for the with-MCP arm, and the optional model and turn limit passed through to it.
 *
 * @param mcpConfig empty when no with-MCP run is planned
 * @param runTimeout per run, unless a case sets its own
 */
public record AgentOptions(
    String claude,
    Path repo,
    Optional<McpConfig> mcpConfig,
    Optional<String> model,
    Optional<Integer> maxTurns,
    Duration runTimeout) {}
