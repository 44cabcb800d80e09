package org.reposearcheval.evals.agent;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.ExecuteStreamHandler;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.Secrets;

/**
 * Runs one agent process with Commons Exec: its input written to stdin, which is then closed,
 * stdout streamed to the transcript file with secrets masked, the tail of stderr kept. The wait is
 * the caller's own, so a timeout or an interrupt (cancel) kills the whole process tree rather than
 * only the direct child, as Commons Exec's watchdog would.
 */
public final class AgentProcess {
  private static final int STDERR_TAIL_BYTES = 4096;

  /**
   * After the agent exits, how long its output may take to drain before whatever still holds the
   * pipe open (a grandchild that outlived it) is killed. Draining alone may take this long on an
   * overloaded machine, which is why the stragglers are killed rather than the pumps abandoned.
   */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

  /** Commons Exec's own limit on the pumps, a backstop should killing the stragglers fail. */
  private static final Duration PUMP_STOP_TIMEOUT = Duration.ofMinutes(2);

  private static final long PUMP_STACK_BYTES = 256 << 10;

  /** Agents running now, by run marker: what a second Ctrl-C kills without waiting. */
  private static final Map<String, Process> RUNNING = new ConcurrentHashMap<>();

  /**
   * How the process ended. {@code exitCode} is null when it could not be started; {@code
   * outputLimitExceeded} when it printed more than allowed and was stopped; {@code outputError}
   * says why its output could not be kept whole (a full disk, a pipe held open past the pumps'
   * timeout), when that happened.
   */
  public record Outcome(
      Integer exitCode,
      boolean timedOut,
      boolean cancelled,
      boolean outputLimitExceeded,
      String stderrTail,
      String launchError,
      String outputError) {}

  private AgentProcess() {}

  /** Runs {@code command} with {@code input} on its stdin (none: stdin is closed at once). */
  public static Outcome run(
      List<String> command,
      byte[] input,
      Map<String, String> environment,
      Path workDir,
      Path stdout,
      Duration timeout,
      long maxOutputBytes,
      Secrets secrets)
      throws IOException {
    CommandLine line = new CommandLine(command.getFirst());
    command.stream().skip(1).forEach(arg -> line.addArgument(arg, false));
    String marker = UUID.randomUUID().toString();
    Map<String, String> env = new HashMap<>(environment);
    env.put(ProcessTree.RUN_MARKER, marker);

    CompletableFuture<Process> started = new CompletableFuture<>();
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    TailBuffer stderr = new TailBuffer(STDERR_TAIL_BYTES);
    CompletableFuture<Void> overflow = new CompletableFuture<>();
    try (OutputStream transcript =
        new LimitedOutputStream(
            secrets.maskingLines(Files.newOutputStream(stdout)), maxOutputBytes, overflow)) {
      DefaultExecutor executor = new TreeAwareExecutor(started, workDir, marker);
      executor.setStreamHandler(new PooledPumps(input, transcript, stderr, PUMP_STOP_TIMEOUT));
      executor.setExitValues(null);
      executor.execute(line, env, new FutureResultHandler(exited));
      try {
        return await(started, exited, overflow, stderr, marker, timeout);
      } catch (RuntimeException | Error e) {
        // Whatever went wrong here, the agent must not outlive it.
        killTree(started, marker);
        throw e;
      }
    } finally {
      RUNNING.remove(marker);
    }
  }

  /** Kills every running agent's process tree at once: the second Ctrl-C. */
  public static void killAll() {
    RUNNING.forEach((marker, process) -> ProcessTree.kill(process.toHandle(), marker));
  }

  private static Outcome await(
      CompletableFuture<Process> started,
      CompletableFuture<Integer> exited,
      CompletableFuture<Void> overflow,
      TailBuffer stderr,
      String marker,
      Duration timeout) {
    CompletableFuture<Process> agentExited = started.thenCompose(Process::onExit);
    try {
      CompletableFuture.anyOf(exited, overflow, agentExited)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (overflow.isDone() && !exited.isDone()) {
        killTree(started, marker);
        return new Outcome(
            exitCodeAfterKill(exited), false, false, true, stderr.text(), null, null);
      }
      if (!exited.isDone()) {
        try {
          exited.get(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillOpen) {
          // The agent exited but something it started keeps its output open: stop the stragglers.
          killTree(started, marker);
        }
      }
      String outputError = outputFailure(exited);
      return new Outcome(
          agentExited.get().exitValue(), false, false, false, stderr.text(), null, outputError);
    } catch (ExecutionException e) {
      if (started.isCompletedExceptionally() || !started.isDone()) {
        return new Outcome(
            null, false, false, false, stderr.text(), e.getCause().getMessage(), null);
      }
      killTree(started, marker);
      return new Outcome(
          started.join().exitValue(), false, false, false, stderr.text(), null, null);
    } catch (TimeoutException e) {
      killTree(started, marker);
      return new Outcome(exitCodeAfterKill(exited), true, false, false, stderr.text(), null, null);
    } catch (InterruptedException e) {
      Thread.interrupted();
      killTree(started, marker);
      Thread.currentThread().interrupt();
      return new Outcome(exitCodeAfterKill(exited), false, true, false, stderr.text(), null, null);
    }
  }

  private static void killTree(CompletableFuture<Process> started, String marker) {
    Process process = started.getNow(null);
    if (process != null) {
      ProcessTree.kill(process.toHandle(), marker);
    }
  }

  private static Integer exitCodeAfterKill(CompletableFuture<Integer> exited) {
    boolean interrupted = Thread.interrupted();
    try {
      return exited.get(PUMP_STOP_TIMEOUT.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return exitCodeOf(e.getCause());
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
  private static String outputFailure(CompletableFuture<Integer> exited) {
    boolean interrupted = Thread.interrupted();
    try {
      exited.get(PUMP_STOP_TIMEOUT.toMillis() + 10_000, TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      Throwable failure = e.getCause();
      Throwable why =
          failure instanceof ExecuteException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      return why.getMessage();
    } catch (TimeoutException e) {
      return "the agent's output was still open "
          + Durations.canonical(PUMP_STOP_TIMEOUT)
          + " after it ended";
    } catch (InterruptedException e) {
      return null;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Integer exitCodeOf(Throwable failure) {
    return failure instanceof ExecuteException e ? e.getExitValue() : null;
  }

  /** Remembers the launched process so a timeout can reach its whole tree. */
  private static final class TreeAwareExecutor extends DefaultExecutor {
    private final CompletableFuture<Process> started;
    private final String marker;

    TreeAwareExecutor(CompletableFuture<Process> started, Path workDir, String marker) {
      this.started = started;
      this.marker = marker;
      setWorkingDirectory(workDir.toFile());
    }

    @Override
    protected Process launch(CommandLine command, Map<String, String> env, Path workingDirectory)
        throws IOException {
      try {
        Process process = super.launch(command, env, workingDirectory);
        RUNNING.put(marker, process);
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

  /**
   * Copies the agent's stdout and stderr on pooled platform threads with small stacks, two per
   * agent running, reused from run to run. Platform, because a read from a process pipe pins a
   * virtual thread's carrier and the scheduler adds at most 256 carriers: at {@code --parallel}
   * 1000 finished agents' pumps waited seconds for one, past the pumps' stop timeout, and runs that
   * had succeeded were reported as errors. Pooled, because starting two threads per run was a
   * measurable part of the harness's CPU (docs/performance.md). A third task writes the agent's
   * input to its stdin and closes it; {@link #stop} waits for it as for the output, so a process
   * that holds stdin open without reading it is a straggler like one holding stdout.
   */
  static final class PooledPumps implements ExecuteStreamHandler {
    private static final ExecutorService PUMPS =
        Executors.newCachedThreadPool(
            Thread.ofPlatform()
                .name("agent-pump-", 0)
                .daemon()
                .stackSize(PUMP_STACK_BYTES)
                .factory());

    private final byte[] input;
    private final OutputStream out;
    private final OutputStream err;
    private final Duration stopTimeout;
    private OutputStream stdin;
    private InputStream stdout;
    private InputStream stderr;
    private final List<Future<?>> pumping = new ArrayList<>(3);

    PooledPumps(OutputStream out, OutputStream err, Duration stopTimeout) {
      this(new byte[0], out, err, stopTimeout);
    }

    PooledPumps(byte[] input, OutputStream out, OutputStream err, Duration stopTimeout) {
      this.input = input;
      this.out = out;
      this.err = err;
      this.stopTimeout = stopTimeout;
    }

    @Override
    public void setProcessInputStream(OutputStream stdin) throws IOException {
      if (input.length == 0) {
        stdin.close();
      } else {
        this.stdin = stdin;
      }
    }

    @Override
    public void setProcessOutputStream(InputStream stdout) {
      this.stdout = stdout;
    }

    @Override
    public void setProcessErrorStream(InputStream stderr) {
      this.stderr = stderr;
    }

    @Override
    public void start() {
      pumping.add(PUMPS.submit(() -> copy(stdout, out)));
      pumping.add(PUMPS.submit(() -> copy(stderr, err)));
      if (stdin != null) {
        pumping.add(PUMPS.submit(() -> feed(input, stdin)));
      }
    }

    /** Waits until both streams are drained; throws when they are still open after the timeout. */
    @Override
    public void stop() throws IOException {
      long deadline = System.nanoTime() + stopTimeout.toNanos();
      try {
        for (Future<?> pump : pumping) {
          pump.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
      } catch (TimeoutException e) {
        throw new IOException(
            "the agent's output was still open "
                + Durations.canonical(stopTimeout)
                + " after it ended");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while draining the agent's output");
      } catch (ExecutionException e) {
        throw new IOException(
            "could not keep the agent's output: " + e.getCause().getMessage(), e.getCause());
      } finally {
        out.flush();
        err.flush();
      }
    }

    /**
     * Writes the whole input, then closes the pipe: the end of the stream is how the agent knows
     * the prompt is complete. Started before the agent reads, so a prompt larger than the pipe's
     * buffer never blocks the run's own thread.
     */
    private static Void feed(byte[] input, OutputStream to) {
      try (to) {
        to.write(input);
      } catch (IOException agentStoppedReading) {
        // It exited or closed its stdin first; its exit code and stderr say why.
      }
      return null;
    }

    /**
     * Copies until the pipe ends. A failed write (a full disk) is thrown at the end, not at once:
     * the pipe is drained meanwhile, or the agent would block on it until its timeout.
     */
    private static Void copy(InputStream from, OutputStream to) throws IOException {
      byte[] buffer = new byte[8192];
      IOException writeFailure = null;
      try (from) {
        for (int n; (n = from.read(buffer)) >= 0; ) {
          if (writeFailure == null) {
            try {
              to.write(buffer, 0, n);
            } catch (IOException e) {
              writeFailure = e;
            }
          }
        }
      } catch (IOException closedUnderTheRead) {
        // A killed agent's pipe: what was read is kept.
      }
      if (writeFailure != null) {
        throw writeFailure;
      }
      return null;
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

  /**
   * Passes at most {@code limit} bytes on, then drops the rest and signals {@code overflow}: an
   * agent that prints without end is stopped instead of filling the disk.
   */
  private static final class LimitedOutputStream extends FilterOutputStream {
    private final long limit;
    private final CompletableFuture<Void> overflow;
    private long written;

    LimitedOutputStream(OutputStream out, long limit, CompletableFuture<Void> overflow) {
      super(out);
      this.limit = limit;
      this.overflow = overflow;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      long room = limit - written;
      if (length > room) {
        overflow.complete(null);
      }
      int passed = (int) Math.max(0, Math.min(length, room));
      if (passed > 0) {
        out.write(bytes, offset, passed);
      }
      written += length;
    }
  }

  /** Keeps the last {@code limit} bytes written: enough stderr to explain a failure, never more. */
  static final class TailBuffer extends OutputStream {
    private final byte[] ring;
    private long written;

    TailBuffer(int limit) {
      ring = new byte[limit];
    }

    @Override
    public synchronized void write(int b) {
      ring[(int) (written++ % ring.length)] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      for (int i = 0; i < length; i++) {
        write(bytes[offset + i]);
      }
    }

    synchronized String text() {
      int size = (int) Math.min(written, ring.length);
      byte[] tail = new byte[size];
      int start = (int) ((written - size) % ring.length);
      for (int i = 0; i < size; i++) {
        tail[i] = ring[(start + i) % ring.length];
      }
      return new String(tail, StandardCharsets.UTF_8).strip();
    }
  }
}
