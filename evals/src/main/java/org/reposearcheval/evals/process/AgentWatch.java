package org.reposearcheval.evals.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waits for one agent: for it to exit, or for its timeout, its output limit or a cancel (an
 * interrupt), whichever comes first, and then says how it ended. The wait is the harness's own, so
 * whatever ends the run early kills the whole process tree, not only the direct child.
 */
final class AgentWatch {
  /**
   * After the agent exits, how long something it started may keep its output (the transcript file)
   * open before it is killed: it may still be writing what belongs to the run.
   */
  static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

  /** How often a holder of the output is looked for during {@link #DRAIN_GRACE}. */
  private static final Duration HOLDER_POLL = Duration.ofMillis(50);

  /** How long an exit may take to be reported once the agent was killed. */
  private static final Duration EXIT_REPORT = Duration.ofSeconds(10);

  /** Completed when the agent printed more than its limit. */
  final CompletableFuture<Void> overflow = new CompletableFuture<>();

  private final String marker;
  private final Limits limits;
  private final boolean startsServers;
  private final Path transcript;
  private Process process;

  AgentWatch(String marker, Limits limits, boolean startsServers, Path transcript) {
    this.marker = marker;
    this.limits = limits;
    this.startsServers = startsServers;
    this.transcript = transcript;
  }

  /**
   * Waits until {@code agent} has ended, one way or another; it never outlives this call. {@code
   * stderr} gives the tail of what it printed there, read once it has ended.
   */
  Ending await(Process agent, Supplier<String> stderr) {
    this.process = agent;
    try {
      return awaitEnding(stderr);
    } catch (RuntimeException | Error e) {
      // Whatever went wrong here, the agent must not outlive it.
      kill();
      throw e;
    }
  }

  private Ending awaitEnding(Supplier<String> stderr) {
    try {
      try {
        CompletableFuture.anyOf(process.onExit(), overflow)
            .get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        kill();
        return new Ending.OutputLost(exitCodeAfterKill(), stderr.get(), e.getCause().toString());
      } catch (TimeoutException e) {
        kill();
        return new Ending.TimedOut(limits.timeout(), exitCodeAfterKill(), stderr.get());
      }
      if (overflow.isDone() && process.isAlive()) {
        kill();
        return new Ending.OutputOverflow(
            limits.maxOutputBytes(), exitCodeAfterKill(), stderr.get());
      }
      exitedByItself();
      return new Ending.Exited(process.exitValue(), stderr.get());
    } catch (InterruptedException e) {
      Thread.interrupted();
      kill();
      Thread.currentThread().interrupt();
      return new Ending.Cancelled(exitCodeAfterKill(), stderr.get());
    }
  }

  /**
   * The agent exited. Something it started that still holds its output (the transcript file open
   * for writing: {@link FileWriters}) gets {@link #DRAIN_GRACE} to finish and is then killed, with
   * whatever else carries the run's marker; a run that may have started MCP servers loses whatever
   * still carries its marker in any case: a server the agent left running would otherwise outlive
   * the run. Other runs skip that scan of {@code /proc}; runs ending together share one ({@link
   * Sweeps}).
   */
  private void exitedByItself() throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN_GRACE.toNanos();
    boolean held = FileWriters.heldOpen(transcript);
    while (held && System.nanoTime() < deadline) {
      Thread.sleep(HOLDER_POLL); // a bounded poll: the kernel says no more than "held" or not
      held = FileWriters.heldOpen(transcript);
    }
    if (held || startsServers) {
      Sweeps.sweep(marker);
    }
  }

  private void kill() {
    if (process != null) {
      ProcessTree.kill(process.toHandle(), marker);
    }
  }

  private Integer exitCodeAfterKill() {
    boolean interrupted = Thread.interrupted();
    try {
      return process.waitFor(EXIT_REPORT.toMillis(), TimeUnit.MILLISECONDS)
          ? process.exitValue()
          : null;
    } catch (InterruptedException e) {
      return null;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
