package org.reposearcheval.evals.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process started by {@code posix_spawnp}, reaped by the {@link Reaper}. It is signalled through
 * its pidfd where it has one, so a signal never reaches another process given its number after it
 * was reaped; without one, only until its end has been seen (it is not reaped before that).
 */
final class SpawnedProcess extends Process {
  private final PosixCalls libc;
  private final int pid;
  private final ProcessHandle handle;
  private final OutputStream stdin;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  /** Its pidfd, -1 when it has none or once it was closed; guarded by this. */
  private int pidfd;

  /** Whether its end was seen (it may be reaped any moment after); guarded by this. */
  private boolean ended;

  SpawnedProcess(PosixCalls libc, int pid, int pidfd, int stdinFd) {
    this.libc = libc;
    this.pid = pid;
    this.pidfd = pidfd;
    // Taken before it can be reaped: a handle checks the start time, so it never kills a reuse.
    this.handle = ProcessHandle.of(pid).orElse(null);
    this.stdin = new PipeOutput(libc, stdinFd);
  }

  /** Its pidfd, or -1. */
  synchronized int pidfd() {
    return pidfd;
  }

  /** Its end was seen and it is about to be reaped: no signal by number from now on. */
  synchronized void ending() {
    ended = true;
  }

  /** Reaped: its exit code, or 128 + the signal that ended it. */
  void exited(int code) {
    closePidfd();
    exit.complete(code);
  }

  /** It could not be waited for: {@code why} says why (a waitpid error, with its errno). */
  void lost(Throwable why) {
    closePidfd();
    exit.completeExceptionally(why);
  }

  private synchronized void closePidfd() {
    ended = true;
    if (pidfd >= 0) {
      libc.close(pidfd);
      pidfd = -1;
    }
  }

  @Override
  public OutputStream getOutputStream() {
    return stdin;
  }

  @Override
  public InputStream getInputStream() {
    return InputStream.nullInputStream(); // stdout went to a file
  }

  @Override
  public InputStream getErrorStream() {
    return InputStream.nullInputStream(); // stderr went to a file
  }

  @Override
  public int waitFor() throws InterruptedException {
    try {
      return exit.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      exit.get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public int exitValue() {
    Integer code = exit.getNow(null);
    if (code == null) {
      throw new IllegalThreadStateException("process " + pid + " has not exited");
    }
    return code;
  }

  @Override
  public CompletableFuture<Process> onExit() {
    return exit.thenApply(code -> this);
  }

  @Override
  public boolean isAlive() {
    return !exit.isDone();
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public ProcessHandle toHandle() {
    return handle != null ? handle : ProcessHandle.of(pid).orElseThrow();
  }

  @Override
  public boolean supportsNormalTermination() {
    return true;
  }

  @Override
  public void destroy() {
    signal(false);
  }

  @Override
  public Process destroyForcibly() {
    signal(true);
    return this;
  }

  /** Through the pidfd while it is open; by number only while its end is not yet seen. */
  private synchronized void signal(boolean force) {
    if (pidfd >= 0) {
      libc.signalPidfd(pidfd, force);
    } else if (!ended) {
      libc.signal(pid, force);
    }
  }

  @Override
  public String toString() {
    return "Process[pid=" + pid + ", exitValue=" + exit.getNow(null) + "]";
  }

  /** The write end of the agent's stdin pipe. */
  private static final class PipeOutput extends OutputStream {
    private final PosixCalls libc;
    private final int fd;
    private boolean closed;

    PipeOutput(PosixCalls libc, int fd) {
      this.libc = libc;
      this.fd = fd;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
      if (closed) {
        throw new IOException("Stream closed");
      }
      libc.writeFully(fd, bytes, offset, length);
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        libc.close(fd);
      }
    }
  }
}
