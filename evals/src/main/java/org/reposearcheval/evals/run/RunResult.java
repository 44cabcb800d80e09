package org.reposearcheval.evals.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Objects;

/**
 * How one run went: one entry of the report's {@code rawResults} and one line of the journal. It is
 * made of five parts, each checking its own values: which run it was ({@link Key}), how it ended
 * ({@link Outcome}), what the agent reported along the way ({@link Measures}), what it answered and
 * what was wrong with that ({@link Verdict}), and what it left to read ({@link Trace}). In JSON the
 * parts are unwrapped, in this order, into the one flat object results have always been, so old
 * journals and reports read as before.
 *
 * <p>Numbers the agent did not report (it crashed before its result event) are null, not zero; so
 * is {@code mcpUse} when the transcript was never read or the result was written before it was
 * recorded.
 *
 * <p>Each value also has a flat accessor ({@link #caseId()}, {@link #status()}, …) delegating to
 * its part, not a copy of it: scoring, the formats and the transcript readers ask for one value and
 * need not know which part holds it, and code written against the flat record keeps compiling. A
 * changed copy is made one way, {@link #with(Part)}.
 */
public record RunResult(
    @JsonUnwrapped Key key,
    @JsonUnwrapped Outcome outcome,
    @JsonUnwrapped Measures measures,
    @JsonUnwrapped Verdict verdict,
    @JsonUnwrapped Trace trace,
    @JsonInclude(JsonInclude.Include.NON_NULL) Judgement judge) {

  /**
   * One of the parts; {@link #with(Part)} replaces it. The {@link Judgement} of a judged answer is
   * kept apart: it is the {@code judge} object, null for a run nobody judged, set by {@link
   * #with(Judgement)}.
   */
  public sealed interface Part permits Key, Outcome, Measures, Verdict, Trace {}

  /** Every part is there: JSON that lacks a part's values still gives the part, of nulls. */
  public RunResult {
    for (Part part : new Part[] {key, outcome, measures, verdict, trace}) {
      Objects.requireNonNull(part, "a part of the run result");
    }
  }

  /** A run whose answer no judge graded. */
  public RunResult(Key key, Outcome outcome, Measures measures, Verdict verdict, Trace trace) {
    this(key, outcome, measures, verdict, trace, null);
  }

  /**
   * Which run: its place in the report, the case, the arm ({@code mode} in JSON) and the
   * repetition.
   */
  public record Key(int index, String caseId, @JsonProperty("mode") String arm, int run)
      implements Part {
    public Key {
      if (index < 0) {
        throw new IllegalArgumentException("index must not be negative, got " + index);
      }
      Objects.requireNonNull(caseId, "caseId");
      Objects.requireNonNull(arm, "mode");
    }

    /** The key of the run {@code job} does. */
    public static Key of(Job job) {
      return new Key(job.index(), job.testCase().id(), job.arm().name(), job.run());
    }

    /** The same run at another place in the report (a resumed run may plan more cases). */
    public Key withIndex(int index) {
      return new Key(index, caseId, arm, run);
    }
  }

  /**
   * How the run ended: its status, how long it took, the agent's exit code (null when it never
   * exited by itself) and the attempts it took (0 when it never started).
   */
  public record Outcome(RunStatus status, long durationMs, Integer exitCode, int attempts)
      implements Part {
    public Outcome {
      Objects.requireNonNull(status, "status");
      if (durationMs < 0 || attempts < 0) {
        throw new IllegalArgumentException(
            "durationMs and attempts must not be negative, got " + durationMs + ", " + attempts);
      }
    }

    /** The same ending, after {@code attempts} attempts. */
    public Outcome withAttempts(int attempts) {
      return new Outcome(status, durationMs, exitCode, attempts);
    }
  }

  /**
   * What the agent reported along the way: turns and cost from its result event (null when it never
   * sent one), tokens, the tools it called, and the MCP servers its init event listed. {@code
   * costEstimated}: the agent reported no cost, and {@code costUsd} was computed from its tokens
   * and the pricing table (written only when true).
   */
  public record Measures(
      Integer numTurns,
      Double costUsd,
      Usage usage,
      ToolCalls toolCalls,
      List<McpServer> mcpServers,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean costEstimated)
      implements Part {
    /** An agent that reported nothing. */
    public static final Measures NONE =
        new Measures(null, null, Usage.NONE, ToolCalls.NONE, List.of());

    public Measures {
      Objects.requireNonNull(usage, "usage");
      Objects.requireNonNull(toolCalls, "toolCalls");
      mcpServers = List.copyOf(mcpServers);
    }

    /** Measures whose cost, if any, the agent reported itself. */
    public Measures(
        Integer numTurns,
        Double costUsd,
        Usage usage,
        ToolCalls toolCalls,
        List<McpServer> mcpServers) {
      this(numTurns, costUsd, usage, toolCalls, mcpServers, false);
    }
  }

  /**
   * What the agent answered (null when it gave no answer), the expectations the answer missed, and
   * why the run has no verdict (null when it has one).
   */
  public record Verdict(String answer, List<String> failedExpectations, String error)
      implements Part {
    public Verdict {
      failedExpectations = List.copyOf(failedExpectations);
    }
  }

  /**
   * What the run left to read: its transcript relative to the output directory, and its MCP use
   * (null when unknown).
   */
  public record Trace(String transcript, McpUse mcpUse) implements Part {}

  /** The same run, its answer graded by {@code judgement}. */
  public RunResult with(Judgement judgement) {
    return new RunResult(key, outcome, measures, verdict, trace, judgement);
  }

  /** The same result with {@code part} in place of its own. */
  public RunResult with(Part part) {
    return switch (part) {
      case Key k -> new RunResult(k, outcome, measures, verdict, trace, judge);
      case Outcome o -> new RunResult(key, o, measures, verdict, trace, judge);
      case Measures m -> new RunResult(key, outcome, m, verdict, trace, judge);
      case Verdict v -> new RunResult(key, outcome, measures, v, trace, judge);
      case Trace t -> new RunResult(key, outcome, measures, verdict, t, judge);
    };
  }

  /** A run that never started or was stopped before it finished. */
  public static RunResult cancelled(Job job, long durationMs, String why) {
    return unfinished(job, RunStatus.CANCELLED, durationMs, why);
  }

  /**
   * A run whose setup failed before its agent started (its checkout could not be prepared): {@code
   * why} says what failed.
   */
  public static RunResult invalid(Job job, String why) {
    return unfinished(job, RunStatus.INVALID, 0, why);
  }

  /** A run the harness itself failed to carry out; recorded, never lost. */
  public static RunResult crashed(Job job, Throwable e) {
    return unfinished(job, RunStatus.ERROR, 0, "harness error: " + e);
  }

  private static RunResult unfinished(Job job, RunStatus status, long durationMs, String why) {
    return new RunResult(
        Key.of(job),
        new Outcome(status, durationMs, null, 0),
        Measures.NONE,
        new Verdict(null, List.of(), why),
        new Trace(null, null));
  }

  public int index() {
    return key.index();
  }

  public String caseId() {
    return key.caseId();
  }

  /** The arm's name. */
  public String arm() {
    return key.arm();
  }

  public int run() {
    return key.run();
  }

  public RunStatus status() {
    return outcome.status();
  }

  public long durationMs() {
    return outcome.durationMs();
  }

  public Integer exitCode() {
    return outcome.exitCode();
  }

  public int attempts() {
    return outcome.attempts();
  }

  public Integer numTurns() {
    return measures.numTurns();
  }

  public Double costUsd() {
    return measures.costUsd();
  }

  public Usage usage() {
    return measures.usage();
  }

  public ToolCalls toolCalls() {
    return measures.toolCalls();
  }

  public List<McpServer> mcpServers() {
    return measures.mcpServers();
  }

  public String answer() {
    return verdict.answer();
  }

  public List<String> failedExpectations() {
    return verdict.failedExpectations();
  }

  public String error() {
    return verdict.error();
  }

  public String transcript() {
    return trace.transcript();
  }

  public McpUse mcpUse() {
    return trace.mcpUse();
  }
}
