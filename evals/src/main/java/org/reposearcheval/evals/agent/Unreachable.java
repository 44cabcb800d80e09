package org.reposearcheval.evals.agent;

import java.util.List;
import java.util.Locale;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;

/**
 * A run whose agent could not reach its API: its error, in the agent's words ("failed to connect to
 * Responses WebSocket", "ECONNREFUSED", …), then the settings that choose the endpoint ({@link
 * AgentCli#endpointSettings}), so a user pointing an agent at a gateway knows what to set.
 */
final class Unreachable {
  /** How the CLIs say they could not connect, lower case. */
  private static final List<String> SIGNS =
      List.of(
          "failed to connect",
          "connection refused",
          "econnrefused",
          "enotfound",
          "failed to lookup address",
          "error sending request",
          "unable to connect",
          "fetch failed",
          "getaddrinfo",
          "connect etimedout",
          "network is unreachable",
          "waiting for network");

  private Unreachable() {}

  /** Whether {@code error} says the agent could not connect. */
  static boolean says(String error) {
    if (error == null) {
      return false;
    }
    String lower = error.toLowerCase(Locale.ROOT);
    return SIGNS.stream().anyMatch(lower::contains);
  }

  /**
   * {@code result} with the endpoint's settings named, when its error says it could not connect.
   */
  static RunResult named(RunResult result, AgentCli cli) {
    String error = result.error();
    if (result.status() != RunStatus.ERROR || !says(error)) {
      return result;
    }
    return result.with(
        new RunResult.Verdict(
            result.verdict().answer(),
            result.verdict().failedExpectations(),
            error
                + " — "
                + cli.displayName()
                + " could not reach its API; the endpoint is chosen by "
                + cli.endpointSettings()));
  }
}
