package org.reposearcheval.evals.agent;

import java.util.List;
import java.util.Locale;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Usage;

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
   * {@code result} with the endpoint's settings named: an {@code error} run whose error says it
   * could not connect, and a {@code timeout} run that says so or that got nothing from its API
   * ({@link #nothingFromApi}: a CLI that keeps retrying a gateway it cannot reach runs into the
   * timeout and says nothing of it).
   */
  static RunResult named(RunResult result, AgentCli cli) {
    String error = result.error();
    String why;
    if (says(error)
        && (result.status() == RunStatus.ERROR || result.status() == RunStatus.TIMEOUT)) {
      why = " could not reach its API; the endpoint is chosen by ";
    } else if (result.status() == RunStatus.TIMEOUT && nothingFromApi(result)) {
      why =
          " had no response from its API before the timeout (no answer, no token counted, no tool"
              + " called); if it cannot reach it, the endpoint is chosen by ";
    } else {
      return result;
    }
    return result.with(
        new RunResult.Verdict(
            result.verdict().answer(),
            result.verdict().failedExpectations(),
            error + " — " + cli.displayName() + why + cli.endpointSettings()));
  }

  /**
   * True when the run's transcript shows no response from the API: no answer, no turn, no token, no
   * cost and no tool call (each of which only a response from the model brings).
   */
  static boolean nothingFromApi(RunResult result) {
    return (result.answer() == null || result.answer().isBlank())
        && (result.numTurns() == null || result.numTurns() == 0)
        && result.costUsd() == null
        && result.usage().equals(Usage.NONE)
        && result.toolCalls().total() == 0;
  }
}
