package org.reposearcheval.evals.run;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one run went: one entry of the report's {@code rawResults}. Numbers the agent did not report
 * (it crashed before its result event) are null, not zero; so is {@code mcpUse} when the transcript
 * was never read or the result was written before it was recorded.
 */
public record RunResult(
    int index,
    String caseId,
    String mode,
    int run,
    RunStatus status,
    long durationMs,
    Integer exitCode,
    int attempts,
    Integer numTurns,
    Double costUsd,
    Usage usage,
    ToolCalls toolCalls,
    List<McpServer> mcpServers,
    String answer,
    List<String> failedExpectations,
    String error,
    String transcript,
    McpUse mcpUse) {

  public RunResult {
    mcpServers = List.copyOf(mcpServers);
    failedExpectations = List.copyOf(failedExpectations);
  }

  /** A result that says nothing about MCP use: {@code mcpUse} is unknown. */
  public RunResult(
      int index,
      String caseId,
      String mode,
      int run,
      RunStatus status,
      long durationMs,
      Integer exitCode,
      int attempts,
      Integer numTurns,
      Double costUsd,
      Usage usage,
      ToolCalls toolCalls,
      List<McpServer> mcpServers,
      String answer,
      List<String> failedExpectations,
      String error,
      String transcript) {
    this(
        index,
        caseId,
        mode,
        run,
        status,
        durationMs,
        exitCode,
        attempts,
        numTurns,
        costUsd,
        usage,
        toolCalls,
        mcpServers,
        answer,
        failedExpectations,
        error,
        transcript,
        null);
  }

  /** Token counts from the result event's {@code usage}. */
  public record Usage(
      long inputTokens,
      long outputTokens,
      long cacheReadInputTokens,
      long cacheCreationInputTokens) {
    public static final Usage NONE = new Usage(0, 0, 0, 0);
  }

  /** Tool calls the agent made, from its {@code tool_use} blocks; MCP tools are {@code mcp__*}. */
  public record ToolCalls(int total, int mcp, Map<String, Integer> byName) {
    public static final ToolCalls NONE = new ToolCalls(0, 0, Map.of());

    public ToolCalls {
      byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }
  }

  /**
   * What the agent was offered over MCP and when it first used it: the {@code
   * mcp__<server>__<tool>} tools its init event listed, and how many turns (assistant messages)
   * came before the one with its first MCP tool call; null when it made none.
   */
  public record McpUse(List<String> offeredTools, Integer turnsBeforeFirstCall) {
    public McpUse {
      offeredTools = offeredTools == null ? List.of() : List.copyOf(offeredTools);
    }

    /** True when the agent called at least one MCP tool. */
    public boolean used() {
      return turnsBeforeFirstCall != null;
    }
  }

  /** An MCP server as the agent's init event reported it. */
  public record McpServer(String name, String status) {
    public boolean connected() {
      return "connected".equals(status);
    }
  }

  /** The same result, after {@code attempts} attempts. */
  public RunResult withAttempts(int attempts) {
    return new RunResult(
        index,
        caseId,
        mode,
        run,
        status,
        durationMs,
        exitCode,
        attempts,
        numTurns,
        costUsd,
        usage,
        toolCalls,
        mcpServers,
        answer,
        failedExpectations,
        error,
        transcript,
        mcpUse);
  }

  /** The same result at another place in the report (a resumed run may plan more cases). */
  public RunResult withIndex(int index) {
    return new RunResult(
        index,
        caseId,
        mode,
        run,
        status,
        durationMs,
        exitCode,
        attempts,
        numTurns,
        costUsd,
        usage,
        toolCalls,
        mcpServers,
        answer,
        failedExpectations,
        error,
        transcript,
        mcpUse);
  }

  /** A run that never started or was stopped before it finished. */
  public static RunResult cancelled(Job job, long durationMs, String why) {
    return bare(job, RunStatus.CANCELLED, durationMs, why);
  }

  /** A run the harness itself failed to carry out; recorded, never lost. */
  public static RunResult crashed(Job job, Throwable e) {
    return bare(job, RunStatus.ERROR, 0, "harness error: " + e);
  }

  private static RunResult bare(Job job, RunStatus status, long durationMs, String why) {
    return new RunResult(
        job.index(),
        job.testCase().id(),
        job.arm().label(),
        job.run(),
        status,
        durationMs,
        null,
        0,
        null,
        null,
        Usage.NONE,
        ToolCalls.NONE,
        List.of(),
        null,
        List.of(),
        why,
        null);
  }
}
