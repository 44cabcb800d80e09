package org.reposearcheval.evals.agent;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.exec.ExecuteException;

/**
 * Waits for one agent: for it to exit and its output to drain, or for its timeout, its output limit
 * or a cancel (an interrupt), whichever comes first, and then says how it ended. The wait is the
 * harness's own, so whatever ends the run early kills the whole process tree, not only the direct
 * child as Commons Exec's watchdog would.
 */
final class AgentWatch {
  /**
   * After the agent exits, how long its output may take to drain before whatever still holds the
   * pipe open (a grandchild that outlived it) is killed. Draining alone may take this long on an
   * overloaded machine, which is why the stragglers are killed rather than the pumps abandoned.
   */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

  /** How long an exit may take to be reported once the pumps have been given up on. */
  private static final Duration EXIT_REPORT = PooledPumps.STOP_TIMEOUT.plus(Duration.ofSeconds(10));

  /** The process, once launched; fails when it cannot be. */
  final CompletableFuture<Process> started = new CompletableFuture<>();

  /** Commons Exec's report: the process has ended and its output pumps have stopped. */
  final CompletableFuture<Integer> exited = new CompletableFuture<>();

  /** Completed when the agent printed more than its limit. */
  final CompletableFuture<Void> overflow = new CompletableFuture<>();

  final TailBuffer stderr;
  private final String marker;
  private final AgentProcess.Limits limits;
  private final boolean startsServers;
  private boolean killed;

  AgentWatch(String marker, AgentProcess.Limits limits, boolean startsServers, int stderrBytes) {
    this.marker = marker;
    this.limits = limits;
    this.startsServers = startsServers;
    this.stderr = new TailBuffer(stderrBytes);
  }

  /** Waits until the agent has ended, one way or another; it never outlives this call. */
  Ending await() {
    try {
      return awaitEnding();
    } catch (RuntimeException | Error e) {
      // Whatever went wrong here, the agent must not outlive it.
      kill();
      throw e;
    }
  }

  private Ending awaitEnding() {
    try {
      CompletableFuture<Process> agentExited = started.thenCompose(Process::onExit);
      try {
        CompletableFuture.anyOf(exited, overflow, agentExited)
            .get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (started.isCompletedExceptionally() || !started.isDone()) {
          return new Ending.FailedToStart(e.getCause().getMessage());
        }
        return outputFailedAtExit();
      } catch (TimeoutException e) {
        kill();
        return new Ending.TimedOut(limits.timeout(), exitCodeAfterKill(), stderr.text());
      }
      if (overflow.isDone() && !exited.isDone()) {
        kill();
        return new Ending.OutputOverflow(
            limits.maxOutputBytes(), exitCodeAfterKill(), stderr.text());
      }
      return exitedByItself();
    } catch (InterruptedException e) {
      Thread.interrupted();
      kill();
      Thread.currentThread().interrupt();
      return new Ending.Cancelled(exitCodeAfterKill(), stderr.text());
    }
  }

  /**
   * The agent exited: its output is drained, or whatever still holds it open killed. A run that may
   * have started MCP servers also loses whatever else still carries its marker: a server the agent
   * left running would otherwise outlive the run. Runs without servers skip that scan.
   */
  private Ending exitedByItself() throws InterruptedException {
    if (!exited.isDone()) {
      try {
        exited.get(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillOpen) {
        // The agent exited but something it started keeps its output open: stop the stragglers.
        kill();
      } catch (ExecutionException outputFailed) {
        return outputFailedAtExit();
      }
    }
    if (startsServers && !killed) {
      ProcessTree.killMarked(marker);
    }
    int exitCode = exitCode();
    String lost = outputFailure();
    return lost == null
        ? new Ending.Exited(exitCode, stderr.text())
        : new Ending.OutputLost(exitCode, stderr.text(), lost);
  }

  /**
   * The pumps failed (a full disk) while the agent's exit was awaited: the transcript is cut short,
   * so no verdict may be drawn from it. The agent is killed and the run ends as output lost, with
   * the reason.
   */
  private Ending outputFailedAtExit() throws InterruptedException {
    kill();
    String lost = outputFailure();
    return new Ending.OutputLost(
        exitCode(), stderr.text(), lost == null ? "could not keep the agent's output" : lost);
  }

  /** The exit code of an agent known to have exited, or killed if it has not after all. */
  private int exitCode() throws InterruptedException {
    Process process = started.join();
    if (!process.waitFor(EXIT_REPORT.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
    return process.exitValue();
  }

  private void kill() {
    killed = true;
    Process process = started.getNow(null);
    if (process != null) {
      ProcessTree.kill(process.toHandle(), marker);
    }
  }

  private Integer exitCodeAfterKill() {
    boolean interrupted = Thread.interrupted();
    try {
      return exited.get(EXIT_REPORT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause() instanceof ExecuteException failed ? failed.getExitValue() : null;
    } catch (TimeoutException | InterruptedException e) {
      return null;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Why the agent's output was not kept whole, or null. Commons Exec reports a failure of the pumps
   * (see {@link PooledPumps#stop}) as a failed execution with an invalid exit value; the agent's
   * own exit code is taken from the process instead.
   */
  private String outputFailure() {
    boolean interrupted = Thread.interrupted();
    try {
      exited.get(EXIT_REPORT.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      Throwable failure = e.getCause();
      Throwable why =
          failure instanceof ExecuteException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      return why.getMessage();
    } catch (TimeoutException e) {
      return PooledPumps.stillOpen(PooledPumps.STOP_TIMEOUT);
    } catch (InterruptedException e) {
      return null;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
