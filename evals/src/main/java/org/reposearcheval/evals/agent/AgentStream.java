package org.reposearcheval.evals.agent;

import java.util.List;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.McpUse;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.run.Turns;
import org.reposearcheval.evals.run.Usage;

/**
 * What one run printed, normalized the same for every agent CLI: the MCP servers and whether they
 * connected, the tool calls by name (MCP tools as {@code mcp__<server>__<tool>}, whatever the CLI's
 * own naming), the agent's version when it says it, the final result, and when MCP was first used.
 * Each {@link AgentCli} reads its own output into one, in its own package; lines that are not JSON
 * are counted ({@code unreadableLines}), so a stray log line never hides the result.
 */
public record AgentStream(
    List<McpServer> mcpServers,
    ToolCalls toolCalls,
    String agentVersion,
    Result result,
    int unreadableLines,
    McpUse mcpUse,
    List<Turns.Turn> turns) {

  /**
   * A stream whose transcript the pages read as it is (Claude Code's stream-json); {@code turns} is
   * null there, and otherwise the adapter's own reading of its CLI's events ({@link Turns}).
   */
  public AgentStream(
      List<McpServer> mcpServers,
      ToolCalls toolCalls,
      String agentVersion,
      Result result,
      int unreadableLines,
      McpUse mcpUse) {
    this(mcpServers, toolCalls, agentVersion, result, unreadableLines, mcpUse, null);
  }

  /**
   * The final {@code result} event, or null fields where the event lacked them. {@code subtype} is
   * {@code success} for a run that ended well; {@code costEstimated} when the CLI reported no cost
   * and {@code costUsd} was computed from its token counts and the pricing table.
   */
  public record Result(
      String subtype,
      boolean isError,
      Integer apiErrorStatus,
      Integer numTurns,
      Long durationMs,
      Double costUsd,
      Usage usage,
      String answer,
      boolean costEstimated) {

    public Result(
        String subtype,
        boolean isError,
        Integer apiErrorStatus,
        Integer numTurns,
        Long durationMs,
        Double costUsd,
        Usage usage,
        String answer) {
      this(subtype, isError, apiErrorStatus, numTurns, durationMs, costUsd, usage, answer, false);
    }

    /** The same result with an estimated cost in place of an unknown one. */
    public Result withEstimatedCost(Double estimate) {
      return costUsd != null || estimate == null
          ? this
          : new Result(
              subtype,
              isError,
              apiErrorStatus,
              numTurns,
              durationMs,
              estimate,
              usage,
              answer,
              true);
    }

    /** True when the agent says it failed, including a 429 reported as {@code success}. */
    public boolean failed() {
      return isError || apiErrorStatus != null || !"success".equals(subtype);
    }
  }

  /** No transcript was read: nothing reported, nothing known of MCP use. */
  public static final AgentStream NONE =
      new AgentStream(List.of(), ToolCalls.NONE, null, null, 0, null);

  /**
   * The turns to keep beside the transcript, for {@code agent} asked for {@code model} (null when
   * none was named); null when the pages read the transcript itself.
   */
  public Turns kept(String agent, String model) {
    return turns == null
        ? null
        : new Turns(
            agent,
            model,
            agentVersion,
            mcpServers.stream().map(s -> new Turns.Server(s.name(), s.status())).toList(),
            turns);
  }

  /** True when the transcript ended with a result event. */
  public boolean hasResult() {
    return result != null;
  }
}
