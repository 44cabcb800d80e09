package org.reposearcheval.evals.agent;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.reposearcheval.evals.process.Ending;
import org.reposearcheval.evals.run.Attempt;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.score.Scorer;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.Secrets;

/**
 * Turns what happened to an agent process into a run status. Order matters: a run that could not
 * start, was cancelled or timed out says nothing about its answer; a with-MCP run whose servers did
 * not connect, or a run that shows a server its arm was not given (any server, for a baseline), is
 * {@code invalid}, never a pass or a fail.
 */
final class Verdicts {
  private static final int STDERR_IN_ERROR = 600;

  /** How secrets are masked in what a result says. */
  private final Secrets secrets;

  Verdicts(Secrets secrets) {
    this.secrets = secrets;
  }

  /** The secrets this masks, as the run's transcript must be masked too. */
  Secrets secrets() {
    return secrets;
  }

  /** Classifies an attempt for retrying: never a timeout, a cancel or a wrong answer. */
  static Attempt.Transient transientFailure(Ending ending, AgentStream stream) {
    return switch (ending) {
      case Ending.Exited exited -> transientExit(exited.exitCode(), stream);
      case Ending.FailedToStart _,
          Ending.OutputLost _,
          Ending.OutputOverflow _,
          Ending.TimedOut _,
          Ending.Cancelled _ ->
          Attempt.Transient.NONE;
    };
  }

  private static Attempt.Transient transientExit(int exitCode, AgentStream stream) {
    if (!stream.hasResult()) {
      return exitCode != 0 ? Attempt.Transient.DIED : Attempt.Transient.NONE;
    }
    Integer status = stream.result().apiErrorStatus();
    boolean overloaded =
        stream.result().isError()
            && stream.result().answer() != null
            && stream.result().answer().toLowerCase(Locale.ROOT).contains("overloaded");
    return (status != null && (status == 429 || status == 529 || status >= 500)) || overloaded
        ? Attempt.Transient.PUSHED_BACK
        : Attempt.Transient.NONE;
  }

  /** What the run's status is, and why, or which expectations its answer missed. */
  private record Grade(RunStatus status, String error, List<String> missed) {
    static Grade of(RunStatus status, String error) {
      return new Grade(status, error, List.of());
    }

    /**
     * The error followed by the agent's stderr and, for an error, the lines that were not JSON. An
     * invalid run gets the stderr only when a server did not come up: there it holds the server's
     * own error or the CLI's words about it (codex's {@code required MCP servers failed to
     * initialize: repo: No such file or directory}); a leak is said in full without it.
     */
    Grade explained(String stderr, int unreadableLines) {
      String why = error;
      if (why != null && !stderr.isEmpty() && status != RunStatus.INVALID) {
        why += "; stderr: " + stderr;
      } else if (why != null && !stderr.isEmpty() && serverDown(why)) {
        why += "; the agent's stderr: " + stderr;
      }
      if (unreadableLines > 0 && status == RunStatus.ERROR) {
        why += "; " + unreadableLines + " transcript lines were not JSON";
      }
      return new Grade(status, why, missed);
    }
  }

  /** The result of a run of {@code job} that ended as {@code ending}, its stream as read. */
  RunResult judge(Job job, Ending ending, AgentStream stream, long durationMs) {
    Grade verdict =
        switch (ending) {
          case Ending.FailedToStart(String reason) ->
              Grade.of(RunStatus.ERROR, "cannot start agent: " + reason);
          case Ending.Cancelled _ -> Grade.of(RunStatus.CANCELLED, "cancelled while running");
          case Ending.TimedOut timedOut ->
              Grade.of(
                  RunStatus.TIMEOUT,
                  "no answer within the "
                      + Durations.canonical(timedOut.limit())
                      + " timeout; process tree killed");
          case Ending.OutputOverflow overflow ->
              Grade.of(
                  RunStatus.ERROR,
                  "printed more than "
                      + (overflow.limitBytes() >> 20)
                      + " MB; stopped and its process tree killed");
          // The transcript may be cut short: no verdict is drawn from it.
          case Ending.OutputLost lost -> Grade.of(RunStatus.ERROR, lost.reason());
          case Ending.Exited exited -> fromStream(job, exited.exitCode(), stream);
        };
    Integer exitCode = null;
    String stderr = "";
    if (ending instanceof Ending.Started started) {
      exitCode = started.exitCode();
      stderr = stderrForMessage(started.stderrTail());
    }
    return result(
        job,
        verdict.explained(stderr, stream.unreadableLines()),
        durationMs,
        exitCode,
        stream,
        job.transcriptName());
  }

  /** The result of a run the harness could not carry out: no agent ran, nothing was read. */
  RunResult notRun(Job job, long durationMs, String why) {
    return result(job, Grade.of(RunStatus.ERROR, why), durationMs, null, AgentStream.NONE, null);
  }

  /** What an agent that exited by itself says: a setup that voids the run, a failure, an answer. */
  private static Grade fromStream(Job job, int exitCode, AgentStream stream) {
    String setupProblem = mcpProblem(job, stream);
    AgentStream.Result result = stream.result();
    if (setupProblem != null) {
      return Grade.of(RunStatus.INVALID, setupProblem);
    }
    if (result == null) {
      return Grade.of(
          RunStatus.ERROR, "agent exited with code " + exitCode + " without a result event");
    }
    if (result.failed() || exitCode != 0) {
      return Grade.of(RunStatus.ERROR, describeFailure(result, exitCode));
    }
    List<String> missed =
        Scorer.missed(
            job.testCase().expect(),
            result.answer(),
            stream.toolCalls(),
            job.arm().mcpConfig().isPresent());
    return new Grade(missed.isEmpty() ? RunStatus.PASSED : RunStatus.FAILED, null, missed);
  }

  private RunResult result(
      Job job,
      Grade verdict,
      long durationMs,
      Integer exitCode,
      AgentStream stream,
      String transcript) {
    AgentStream.Result result = stream.result();
    return new RunResult(
        RunResult.Key.of(job),
        new RunResult.Outcome(verdict.status(), durationMs, exitCode, 1),
        new RunResult.Measures(
            result == null ? null : result.numTurns(),
            result == null ? null : result.costUsd(),
            result == null ? Usage.NONE : result.usage(),
            stream.toolCalls(),
            stream.mcpServers(),
            result != null && result.costEstimated()),
        new RunResult.Verdict(
            secrets.mask(result == null ? null : result.answer()),
            verdict.missed(),
            secrets.mask(verdict.error())),
        new RunResult.Trace(transcript, stream.mcpUse()));
  }

  /** Shortened stderr for an error message: its end, its lines joined. */
  static String stderrForMessage(String stderr) {
    if (stderr == null || stderr.isBlank()) {
      return "";
    }
    String tail =
        stderr.length() <= STDERR_IN_ERROR
            ? stderr
            : "…" + stderr.substring(stderr.length() - STDERR_IN_ERROR);
    return tail.lines().collect(Collectors.joining(" | "));
  }

  /** Why the run's MCP setup makes it meaningless, or null when it is as the arm requires. */
  private static String mcpProblem(Job job, AgentStream stream) {
    List<McpServer> servers = stream.mcpServers();
    // Tool names allow only [A-Za-z0-9_-]: agents put '_' for any other character of a name.
    List<String> configuredServers =
        job.arm().mcpConfig().map(McpConfig::serverNames).orElse(List.of()).stream()
            .map(name -> name.replaceAll("[^A-Za-z0-9_-]", "_"))
            .toList();
    // Agents that report no servers still name their MCP calls mcp__<server>__<tool>.
    List<String> strangeCalls =
        stream.toolCalls().byName().keySet().stream()
            .filter(name -> name.startsWith("mcp__"))
            .filter(name -> !configuredServers.contains(serverOf(name)))
            .toList();
    if (!job.arm().usesMcp()) {
      if (!servers.isEmpty()) {
        return "baseline run saw MCP servers: " + describe(servers) + " (they must not leak in)";
      }
      return strangeCalls.isEmpty()
          ? null
          : "baseline run called MCP tools: "
              + String.join(", ", strangeCalls)
              + " (they must not leak in)";
    }
    if (!strangeCalls.isEmpty()) {
      return "MCP tools of servers the arm was not given were called: "
          + String.join(", ", strangeCalls)
          + " (they must not leak in)";
    }
    if (servers.isEmpty()) {
      return stream.hasResult() || stream.agentVersion() != null
          ? "no MCP server was reported by the agent's init event"
          : null;
    }
    List<String> configured = job.arm().mcpConfig().orElseThrow().serverNames();
    List<McpServer> extra = servers.stream().filter(s -> !configured.contains(s.name())).toList();
    if (!extra.isEmpty()) {
      // The run measured more than the arm's servers, e.g. the repository's own .mcp.json.
      return "MCP servers the arm was not given: " + describe(extra) + " (they must not leak in)";
    }
    List<McpServer> down = servers.stream().filter(s -> !s.connected()).toList();
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

  /** What {@link #mcpProblem} says of a server that did not come up. */
  private static final List<String> SERVER_DOWN =
      List.of(
          "MCP server not connected: ",
          "MCP server missing from the agent's init event: ",
          "no MCP server was reported by the agent's init event");

  /** Whether {@code problem} is a server that did not come up (not one that leaked in). */
  static boolean serverDown(String problem) {
    return SERVER_DOWN.stream().anyMatch(problem::startsWith);
  }

  /** {@code server} of {@code mcp__server__tool}. */
  static String serverOf(String mcpToolName) {
    String rest = mcpToolName.substring("mcp__".length());
    int end = rest.indexOf("__");
    return end < 0 ? rest : rest.substring(0, end);
  }

  private static String describe(List<McpServer> servers) {
    return servers.stream().map(s -> s.name() + "=" + s.status()).collect(Collectors.joining(", "));
  }

  private static String describeFailure(AgentStream.Result result, int exitCode) {
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
