package org.reposearcheval.evals.run;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one way tests build a {@link RunResult}: a passed run by default, every value settable by its
 * JSON name. The transcript is {@code transcripts/<arm>/<case>-<run>.jsonl} unless set.
 */
public final class RunResultBuilder {
  private int index;
  private String caseId;
  private String arm;
  private int run = 1;
  private RunStatus status = RunStatus.PASSED;
  private long durationMs = 1000;
  private Integer exitCode = 0;
  private int attempts = 1;
  private Integer numTurns = 3;
  private Double costUsd = 0.01;
  private Usage usage = Usage.NONE;
  private ToolCalls toolCalls = ToolCalls.NONE;
  private List<McpServer> mcpServers = List.of();
  private String answer = "answer";
  private List<String> failedExpectations = List.of();
  private String error;
  private boolean transcriptSet;
  private String transcript;
  private McpUse mcpUse;

  private RunResultBuilder(String caseId, String arm) {
    this.caseId = caseId;
    this.arm = arm;
  }

  /** A passed first run of {@code caseId} in {@code arm}, at index 0. */
  public static RunResultBuilder result(String caseId, String arm) {
    return new RunResultBuilder(caseId, arm);
  }

  /** A passed run of {@code job}, at its index, with its transcript. */
  public static RunResultBuilder of(Job job) {
    return result(job.testCase().id(), job.arm().name())
        .index(job.index())
        .run(job.run())
        .transcript(job.transcriptName());
  }

  /** Every value of {@code r}, to change some. */
  public static RunResultBuilder from(RunResult r) {
    return result(r.caseId(), r.arm())
        .index(r.index())
        .run(r.run())
        .status(r.status())
        .durationMs(r.durationMs())
        .exitCode(r.exitCode())
        .attempts(r.attempts())
        .numTurns(r.numTurns())
        .costUsd(r.costUsd())
        .usage(r.usage())
        .toolCalls(r.toolCalls())
        .mcpServers(r.mcpServers())
        .answer(r.answer())
        .failedExpectations(r.failedExpectations())
        .error(r.error())
        .transcript(r.transcript())
        .mcpUse(r.mcpUse());
  }

  public RunResultBuilder index(int index) {
    this.index = index;
    return this;
  }

  public RunResultBuilder run(int run) {
    this.run = run;
    return this;
  }

  public RunResultBuilder status(RunStatus status) {
    this.status = status;
    return this;
  }

  public RunResultBuilder durationMs(long durationMs) {
    this.durationMs = durationMs;
    return this;
  }

  public RunResultBuilder exitCode(Integer exitCode) {
    this.exitCode = exitCode;
    return this;
  }

  public RunResultBuilder attempts(int attempts) {
    this.attempts = attempts;
    return this;
  }

  public RunResultBuilder numTurns(Integer numTurns) {
    this.numTurns = numTurns;
    return this;
  }

  public RunResultBuilder costUsd(Double costUsd) {
    this.costUsd = costUsd;
    return this;
  }

  public RunResultBuilder usage(Usage usage) {
    this.usage = usage;
    return this;
  }

  public RunResultBuilder toolCalls(ToolCalls toolCalls) {
    this.toolCalls = toolCalls;
    return this;
  }

  /** Tool calls, one per name given; names starting {@code mcp__} are MCP calls. */
  public RunResultBuilder called(String... names) {
    Map<String, Integer> byName = new TreeMap<>();
    for (String name : names) {
      byName.merge(name, 1, Integer::sum);
    }
    int mcp = (int) byName.keySet().stream().filter(n -> n.startsWith("mcp__")).count();
    return toolCalls(new ToolCalls(names.length, mcp, byName));
  }

  public RunResultBuilder mcpServers(List<McpServer> mcpServers) {
    this.mcpServers = mcpServers;
    return this;
  }

  public RunResultBuilder answer(String answer) {
    this.answer = answer;
    return this;
  }

  public RunResultBuilder failedExpectations(List<String> failedExpectations) {
    this.failedExpectations = failedExpectations;
    return this;
  }

  public RunResultBuilder error(String error) {
    this.error = error;
    return this;
  }

  public RunResultBuilder transcript(String transcript) {
    this.transcript = transcript;
    this.transcriptSet = true;
    return this;
  }

  public RunResultBuilder mcpUse(McpUse mcpUse) {
    this.mcpUse = mcpUse;
    return this;
  }

  public RunResult build() {
    return new RunResult(
        new RunResult.Key(index, caseId, arm, run),
        new RunResult.Outcome(status, durationMs, exitCode, attempts),
        new RunResult.Measures(numTurns, costUsd, usage, toolCalls, mcpServers),
        new RunResult.Verdict(answer, failedExpectations, error),
        new RunResult.Trace(
            transcriptSet ? transcript : "transcripts/" + arm + "/" + caseId + "-" + run + ".jsonl",
            mcpUse));
  }
}
