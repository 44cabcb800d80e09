package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.reposearcheval.evals.util.Secrets;

/**
 * Starts one agent process with Commons Exec: its input written to stdin, which is then closed,
 * stdout streamed to the transcript file with secrets masked, the tail of stderr kept. Every
 * process it starts, and everything those start, carries a run marker in its environment, by which
 * {@link ProcessTree} finds what the agent left behind. {@link AgentWatch} waits for it.
 */
public final class AgentProcess {
  private static final int STDERR_TAIL_BYTES = 4096;

  /**
   * What to run: the command line, what it reads on stdin (none: stdin is closed at once), its
   * environment and working directory. {@code startsServers} when it may start MCP servers, which
   * can outlive an agent that exits by itself: then whatever still carries the run's marker is
   * killed after the exit.
   */
  record Launch(
      List<String> command,
      byte[] input,
      Map<String, String> environment,
      Path workDir,
      boolean startsServers) {}

  /** How long it may run and how much it may print before it is stopped. */
  record Limits(Duration timeout, long maxOutputBytes) {}

  private AgentProcess() {}

  /** Runs {@code launch} with its stdout kept in {@code transcript}, secrets masked. */
  static Ending run(Launch launch, Path transcript, Limits limits, Secrets secrets)
      throws IOException {
    CommandLine line = new CommandLine(launch.command().getFirst());
    launch.command().stream().skip(1).forEach(arg -> line.addArgument(arg, false));
    String marker = UUID.randomUUID().toString();
    Map<String, String> env = new HashMap<>(launch.environment());
    env.put(ProcessTree.RUN_MARKER, marker);

    AgentWatch watch = new AgentWatch(marker, limits, launch.startsServers(), STDERR_TAIL_BYTES);
    try (OutputStream out =
        new LimitedOutputStream(
            secrets.maskingLines(Files.newOutputStream(transcript)),
            limits.maxOutputBytes(),
            watch.overflow)) {
      DefaultExecutor executor = new MarkedExecutor(watch.started, launch.workDir(), marker);
      executor.setStreamHandler(
          new PooledPumps(launch.input(), out, watch.stderr, PooledPumps.STOP_TIMEOUT));
      executor.setExitValues(null);
      executor.execute(line, env, new FutureResultHandler(watch.exited));
      return watch.await();
    } finally {
      RunningAgents.ended(marker);
    }
  }

  /** Kills every running agent's process tree at once: the second Ctrl-C. */
  public static void killAll() {
    RunningAgents.killAll();
  }

  /** Hands the launched process on, so a timeout can reach its tree and Ctrl-C every agent. */
  private static final class MarkedExecutor extends DefaultExecutor {
    private final CompletableFuture<Process> started;
    private final String marker;

    MarkedExecutor(CompletableFuture<Process> started, Path workDir, String marker) {
      this.started = started;
      this.marker = marker;
      setWorkingDirectory(workDir.toFile());
    }

    @Override
    protected Process launch(CommandLine command, Map<String, String> env, Path workingDirectory)
        throws IOException {
      try {
        Process process = super.launch(command, env, workingDirectory);
        RunningAgents.started(marker, process);
        started.complete(process);
        return process;
      } catch (IOException | RuntimeException e) {
        started.completeExceptionally(e);
        throw e;
      }
    }

    @Override
    protected Thread createThread(Runnable runnable, String name) {
      return Thread.ofVirtual().name(name).unstarted(runnable);
    }
  }

  /** Completes a future when the process ends, so the caller waits without polling. */
  private record FutureResultHandler(CompletableFuture<Integer> exited)
      implements ExecuteResultHandler {
    @Override
    public void onProcessComplete(int exitValue) {
      exited.complete(exitValue);
    }

    @Override
    public void onProcessFailed(ExecuteException e) {
      exited.completeExceptionally(e);
    }
  }
}
