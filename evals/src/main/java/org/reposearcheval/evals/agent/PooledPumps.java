package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.exec.ExecuteStreamHandler;
import org.reposearcheval.evals.util.Durations;

/**
 * Copies the agent's stdout and stderr on pooled platform threads with small stacks, two per agent
 * running, reused from run to run. Platform, because a read from a process pipe pins a virtual
 * thread's carrier and the scheduler adds at most 256 carriers: at {@code --parallel} 1000 finished
 * agents' pumps waited seconds for one, past the pumps' stop timeout, and runs that had succeeded
 * were reported as errors. Pooled, because starting two threads per run was a measurable part of
 * the harness's CPU (docs/performance.md). A third task writes the agent's input to its stdin and
 * closes it; {@link #stop} waits for it as for the output, so a process that holds stdin open
 * without reading it is a straggler like one holding stdout.
 */
final class PooledPumps implements ExecuteStreamHandler {
  /** Commons Exec's own limit on the pumps, a backstop should killing the stragglers fail. */
  static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

  private static final long STACK_BYTES = 256 << 10;

  private static final ExecutorService PUMPS =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("agent-pump-", 0).daemon().stackSize(STACK_BYTES).factory());

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
      throw new IOException(stillOpen(stopTimeout));
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

  /** Why the output was not kept whole, when the pipe stayed open past {@code timeout}. */
  static String stillOpen(Duration timeout) {
    return "the agent's output was still open " + Durations.canonical(timeout) + " after it ended";
  }

  /**
   * Writes the whole input, then closes the pipe: the end of the stream is how the agent knows the
   * prompt is complete. Started before the agent reads, so a prompt larger than the pipe's buffer
   * never blocks the run's own thread.
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
   * Copies until the pipe ends. A failed write (a full disk) is thrown at the end, not at once: the
   * pipe is drained meanwhile, or the agent would block on it until its timeout.
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
