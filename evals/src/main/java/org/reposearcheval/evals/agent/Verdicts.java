package org.reposearcheval.evals.agent;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Scorer;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.Secrets;

/**
 * Turns what happened to an agent process into a run status. Order matters: a run that could not
 * start, was cancelled or timed out says nothing about its answer; a with-MCP run whose servers did
 * not connect, or a run that shows a server its arm was not given (any server, for a baseline), is
 * {@code invalid}, never a pass or a fail.
 */
final class Verdicts {
  /** What every run is judged against: how secrets are masked, and each job's timeout. */
  record Setup(Secrets secrets, Function<Job, Duration> timeout) {}

  private Verdicts() {}

  /** Why a failed attempt is worth another try, if it is. */
  enum Transient {
    /** Not transient: a verdict, a timeout, a cancel, or a failure that would repeat. */
    NONE,
    /** The API rate-limited the run or was overloaded (429, 529, 5xx). */
    PUSHED_BACK,
    /** The agent died without a result event. */
    DIED
  }

  /** Classifies an attempt for retrying: never a timeout, a cancel or a wrong answer. */
  static Transient transientFailure(AgentProcess.Outcome outcome, AgentStream stream) {
    if (outcome == null
        || outcome.launchError() != null
        || outcome.cancelled()
        || outcome.timedOut()
        || outcome.outputLimitExceeded()
        || outcome.outputError() != null) {
      return Transient.NONE;
    }
    if (stream == null || !stream.hasResult()) {
      return outcome.exitCode() != null && outcome.exitCode() != 0
          ? Transient.DIED
          : Transient.NONE;
    }
    Integer status = stream.result().apiErrorStatus();
    boolean overloaded =
        stream.result().isError()
            && stream.result().answer() != null
            && stream.result().answer().toLowerCase(java.util.Locale.ROOT).contains("overloaded");
    return (status != null && (status == 429 || status == 529 || status >= 500)) || overloaded
        ? Transient.PUSHED_BACK
        : Transient.NONE;
  }

  static RunResult judge(
      Job job,
      AgentProcess.Outcome outcome,
      AgentStream stream,
      long durationMs,
      String transcript,
      String harnessError,
      Setup setup) {
    Secrets secrets = setup.secrets();
    Integer exitCode = outcome == null ? null : outcome.exitCode();
    String stderr = outcome == null ? "" : ClaudeCodeSolver.tail(outcome.stderrTail());
    AgentStream.Result result = stream == null ? null : stream.result();
    RunStatus status;
    String error = null;
    String setupProblem = stream == null ? null : mcpProblem(job, stream);
    List<String> missed = List.of();
    if (outcome == null || outcome.launchError() != null) {
      status = RunStatus.ERROR;
      error = harnessError != null ? harnessError : "cannot start agent: " + outcome.launchError();
    } else if (outcome.cancelled()) {
      status = RunStatus.CANCELLED;
      error = "cancelled while running";
    } else if (outcome.timedOut()) {
      status = RunStatus.TIMEOUT;
      error =
          "no answer within the "
              + Durations.canonical(setup.timeout().apply(job))
              + " timeout; process tree killed";
    } else if (outcome.outputLimitExceeded()) {
      status = RunStatus.ERROR;
      error =
          "printed more than "
              + (ClaudeCodeSolver.MAX_TRANSCRIPT_BYTES >> 20)
              + " MB; stopped and its process tree killed";
    } else if (outcome.outputError() != null) {
      // The transcript may be cut short: no verdict is drawn from it.
      status = RunStatus.ERROR;
      error = outcome.outputError();
    } else if (stream == null) {
      status = RunStatus.ERROR;
      error = harnessError;
    } else if (setupProblem != null) {
      status = RunStatus.INVALID;
      error = setupProblem;
    } else if (result == null) {
      status = RunStatus.ERROR;
      error = "agent exited with code " + exitCode + " without a result event";
    } else if (result.failed() || exitCode == null || exitCode != 0) {
      status = RunStatus.ERROR;
      error = describeFailure(result, exitCode);
    } else {
      missed =
          Scorer.missed(
              job.testCase().expect(),
              result.answer(),
              stream.toolCalls(),
              job.arm().mcpConfig().isPresent());
      status = missed.isEmpty() ? RunStatus.PASSED : RunStatus.FAILED;
    }
    if (error != null && !stderr.isEmpty() && status != RunStatus.INVALID) {
      error += "; stderr: " + stderr;
    }
    if (stream != null && stream.unreadableLines() > 0 && status == RunStatus.ERROR) {
      error += "; " + stream.unreadableLines() + " transcript lines were not JSON";
    }
    return new RunResult(
        job.index(),
        job.testCase().id(),
        job.arm().label(),
        job.run(),
        status,
        durationMs,
        exitCode,
        1,
        result == null ? null : result.numTurns(),
        result == null ? null : result.costUsd(),
        result == null ? RunResult.Usage.NONE : result.usage(),
        stream == null ? RunResult.ToolCalls.NONE : stream.toolCalls(),
        stream == null ? List.of() : stream.mcpServers(),
        secrets.mask(result == null ? null : result.answer()),
        missed,
        secrets.mask(error),
        transcript,
        stream == null ? null : stream.mcpUse());
  }

  /** Why the run's MCP setup makes it meaningless, or null when it is as the arm requires. */
  private static String mcpProblem(Job job, AgentStream stream) {
    List<RunResult.McpServer> servers = stream.mcpServers();
    if (!job.arm().usesMcp()) {
      return servers.isEmpty()
          ? null
          : "baseline run saw MCP servers: " + describe(servers) + " (they must not leak in)";
    }
    if (servers.isEmpty()) {
      return stream.hasResult() || stream.claudeCodeVersion() != null
          ? "no MCP server was reported by the agent's init event"
          : null;
    }
    List<String> configured = job.arm().mcpConfig().orElseThrow().serverNames();
    List<RunResult.McpServer> extra =
        servers.stream().filter(s -> !configured.contains(s.name())).toList();
    if (!extra.isEmpty()) {
      // The run measured more than the arm's servers, e.g. the repository's own .mcp.json.
      return "MCP servers the arm was not given: " + describe(extra) + " (they must not leak in)";
    }
    List<RunResult.McpServer> down = servers.stream().filter(s -> !s.connected()).toList();
    if (!down.isEmpty()) {
      return "MCP server not connected: " + describe(down);
    }
    List<String> missing =
        configured.stream()
            .filter(name -> servers.stream().noneMatch(s -> s.name().equals(name)))
            .toList();
    return missing.isEmpty()
        ? null
        : "MCP server missing from the agent's init event: " + String.join(", ", missing);
  }

  private static String describe(List<RunResult.McpServer> servers) {
    return servers.stream().map(s -> s.name() + "=" + s.status()).collect(Collectors.joining(", "));
  }

  private static String describeFailure(AgentStream.Result result, Integer exitCode) {
    StringBuilder why = new StringBuilder("agent reported failure: ").append(result.subtype());
    if (result.apiErrorStatus() != null) {
      why.append(", API status ").append(result.apiErrorStatus());
    }
    if (result.isError()) {
      why.append(", is_error");
    }
    why.append(", exit code ").append(exitCode);
    if (result.answer() != null && !result.answer().isBlank()) {
      String answer = result.answer().strip();
      why.append(": ").append(answer.length() > 200 ? answer.substring(0, 200) + "…" : answer);
    }
    return why.toString();
  }
}
