package org.reposearcheval.evals.transcript;

import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.util.Durations;

/**
 * A run's numbers as its page and its column on the case page head them: verdict, turns, tool calls
 * (MCP / built-in), tokens, cost, duration. "–" where the agent reported nothing.
 *
 * @param turns as the agent reported them ({@code num_turns}), with the assistant messages the
 *     transcript holds when they differ
 * @param tokens input, output, cache-read and cache-creation tokens added up (as the statistics add
 *     them); {@code tokenParts} says which
 */
record Figures(
    String status,
    String statusClass,
    String symbol,
    String turns,
    String toolCalls,
    String tokens,
    String tokenParts,
    String cost,
    String duration) {

  static Figures of(RunResult r, Transcript transcript) {
    Usage u = r.usage();
    long tokens =
        u.inputTokens()
            + u.outputTokens()
            + u.cacheReadInputTokens()
            + u.cacheCreationInputTokens();
    ToolCalls calls = r.toolCalls();
    return new Figures(
        r.status().label(),
        PageLayout.statusClass(r.status()),
        r.status().symbol(),
        turns(r.numTurns(), transcript),
        PageLayout.count(calls.total())
            + " ("
            + PageLayout.count(calls.mcp())
            + " MCP / "
            + PageLayout.count(calls.total() - calls.mcp())
            + " built-in)",
        tokens == 0 ? "–" : PageLayout.count(tokens),
        tokens == 0
            ? ""
            : "in "
                + PageLayout.count(u.inputTokens())
                + " · out "
                + PageLayout.count(u.outputTokens())
                + " · cache read "
                + PageLayout.count(u.cacheReadInputTokens())
                + " · cache write "
                + PageLayout.count(u.cacheCreationInputTokens()),
        Numbers.money(r.costUsd())
            + (r.costUsd() != null && r.measures().costEstimated() ? " (estimated)" : ""),
        Durations.format(r.durationMs()));
  }

  private static String turns(Integer reported, Transcript transcript) {
    int messages = transcript.turns().size();
    if (reported == null) {
      return transcript.found() && messages > 0
          ? PageLayout.plural(messages, "message", "messages")
          : "–";
    }
    return transcript.found() && messages != reported
        ? reported + " (" + PageLayout.plural(messages, "message", "messages") + ")"
        : String.valueOf(reported);
  }
}
