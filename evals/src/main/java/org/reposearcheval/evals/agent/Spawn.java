package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts an agent process: on Linux with glibc's {@code posix_spawnp}, called through the Foreign
 * Function API, elsewhere (or until those calls are bound) with {@link ProcessBuilder}. Either way
 * the process gets the same things: the command looked up on the harness's {@code PATH}, exactly
 * the environment given, the working directory, stdin from a pipe, stdout into a file (truncated),
 * stderr appended to a file, no other descriptor of the JVM, and no blocked signal.
 *
 * <p>Why not always {@link ProcessBuilder}: on Linux the JDK starts every process through its
 * {@code jspawnhelper}, so each agent costs two program starts, where {@code posix_spawnp} costs
 * one; on a virtual machine every program start also pays for the C library's CPU-feature probe
 * trapping to the hypervisor. Measured on the 2-core benchmark machine, 2000 starts of {@code
 * /bin/true} one after another: 1.63 ms each and 3.6 s of CPU through {@link ProcessBuilder}, 0.75
 * ms and 1.7 s this way (docs/performance.md).
 */
final class Spawn {
  /**
   * Binding the calls takes about 100 ms on a thread of its own (the JDK generates a stub for
   * each), so it begins only when asked ({@link #link}: as the runs begin, not while the cases
   * load, when both cores are busy), and agents start through {@link ProcessBuilder} until it is
   * done.
   */
  private static final class Bound {
    static final CompletableFuture<Libc> LIBC =
        CompletableFuture.supplyAsync(
            Libc::load, task -> Thread.ofPlatform().name("spawn-link").daemon().start(task));
  }

  private static volatile boolean linking;

  /** What {@link Libc#reap} says of a process that has not ended. */
  private static final int RUNNING = -1;

  /**
   * Where the {@link Reaper}'s one thread cannot wait (no pidfds), a thread waits for each process
   * in {@code waitpid}, as the JDK's own process reaper does.
   */
  private static final ExecutorService REAPERS =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("agent-reaper-", 0).daemon().stackSize(128 << 10).factory());

  private Spawn() {}

  /** Starts binding the calls, if not begun yet. */
  static void link() {
    linking = true;
    Bound.LIBC.isDone(); // initializing the holder is what starts it
  }

  /** Whether {@link #start} uses {@code posix_spawnp} (false off Linux), once bound. */
  static boolean usesPosixSpawn() {
    link();
    return Bound.LIBC.join() != null;
  }

  /**
   * Starts {@code command} in {@code dir} with exactly {@code environment}, its stdout written to
   * {@code stdout} (made or emptied) and its stderr appended to {@code stderr}.
   */
  static Process start(
      List<String> command, Map<String, String> environment, Path dir, Path stdout, Path stderr)
      throws IOException {
    Libc libc = linking ? Bound.LIBC.getNow(null) : null;
    return libc != null
        ? libc.spawn(command, environment, dir, stdout, stderr)
        : builder(command, environment, dir, stdout, stderr).start();
  }

  /** The same start through {@link ProcessBuilder}. */
  static ProcessBuilder builder(
      List<String> command, Map<String, String> environment, Path dir, Path stdout, Path stderr) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.to(stdout.toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    return builder;
  }

  /** The libc calls, bound once; null where they cannot be (not Linux with glibc 2.34 or later). */
  private record Libc(
      MethodHandle spawnp,
      MethodHandle actionsInit,
      MethodHandle actionsDestroy,
      MethodHandle addOpen,
      MethodHandle addDup2,
      MethodHandle addChdir,
      MethodHandle addCloseFrom,
      MethodHandle attrInit,
      MethodHandle attrDestroy,
      MethodHandle setFlags,
      MethodHandle setSigmask,
      MethodHandle sigemptyset,
      MethodHandle pipe2,
      MethodHandle write,
      MethodHandle close,
      MethodHandle waitpid,
      MethodHandle kill,
      MethodHandle strerror,
      MethodHandle syscall,
      MethodHandle epollCreate,
      MethodHandle epollCtl,
      MethodHandle epollWait,
      VarHandle errno,
      long errnoSize) {
    // Linux's values (the same on x86-64 and AArch64).
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;
    private static final int O_APPEND = 02000;
    private static final int O_CLOEXEC = 02000000;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int EINTR = 4;
    private static final int WNOHANG = 1;
    private static final int SIGKILL = 9;
    private static final int SIGTERM = 15;

    /** glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128. */
    private static final long OPAQUE_BYTES = 1024;

    static Libc load() {
      if (!CLibrary.linux()) {
        return null;
      }
      try {
        ValueLayout a = ValueLayout.ADDRESS;
        ValueLayout i = ValueLayout.JAVA_INT;
        return new Libc(
            CLibrary.bind("posix_spawnp", FunctionDescriptor.of(i, a, a, a, a, a, a)),
            CLibrary.bind("posix_spawn_file_actions_init", FunctionDescriptor.of(i, a)),
            CLibrary.bind("posix_spawn_file_actions_destroy", FunctionDescriptor.of(i, a)),
            CLibrary.bind(
                "posix_spawn_file_actions_addopen", FunctionDescriptor.of(i, a, i, a, i, i)),
            CLibrary.bind("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(i, a, i, i)),
            CLibrary.bind("posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(i, a, a)),
            CLibrary.bind(
                "posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(i, a, i)),
            CLibrary.bind("posix_spawnattr_init", FunctionDescriptor.of(i, a)),
            CLibrary.bind("posix_spawnattr_destroy", FunctionDescriptor.of(i, a)),
            CLibrary.bind(
                "posix_spawnattr_setflags", FunctionDescriptor.of(i, a, ValueLayout.JAVA_SHORT)),
            CLibrary.bind("posix_spawnattr_setsigmask", FunctionDescriptor.of(i, a, a)),
            CLibrary.bind("sigemptyset", FunctionDescriptor.of(i, a)),
            CLibrary.bind("pipe2", FunctionDescriptor.of(i, a, i), CLibrary.ERRNO),
            CLibrary.bind(
                "write",
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, i, a, ValueLayout.JAVA_LONG),
                CLibrary.ERRNO),
            CLibrary.bind("close", FunctionDescriptor.of(i, i)),
            CLibrary.bind("waitpid", FunctionDescriptor.of(i, i, a, i), CLibrary.ERRNO),
            CLibrary.bind("kill", FunctionDescriptor.of(i, i, i)),
            CLibrary.bind("strerror", FunctionDescriptor.of(a, i)),
            CLibrary.bind(
                "syscall",
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, i, i),
                Linker.Option.firstVariadicArg(1)),
            CLibrary.bind("epoll_create1", FunctionDescriptor.of(i, i)),
            CLibrary.bind("epoll_ctl", FunctionDescriptor.of(i, i, i, i, a)),
            CLibrary.bind("epoll_wait", FunctionDescriptor.of(i, i, a, i, i), CLibrary.ERRNO),
            CLibrary.errno(),
            CLibrary.errnoSize());
      } catch (RuntimeException | LinkageError e) {
        return null; // not glibc 2.34+, or no native access: ProcessBuilder it is
      }
    }

    Process spawn(
        List<String> command, Map<String, String> environment, Path dir, Path stdout, Path stderr)
        throws IOException {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment state = arena.allocate(errnoSize);
        MemorySegment pipe = arena.allocate(ValueLayout.JAVA_INT, 2);
        if ((int) pipe2.invokeExact(state, pipe, O_CLOEXEC) != 0) {
          throw failure(command, (int) errno.get(state, 0L));
        }
        int readEnd = pipe.getAtIndex(ValueLayout.JAVA_INT, 0);
        int writeEnd = pipe.getAtIndex(ValueLayout.JAVA_INT, 1);
        MemorySegment actions = arena.allocate(OPAQUE_BYTES);
        MemorySegment attributes = arena.allocate(OPAQUE_BYTES);
        MemorySegment signals = arena.allocate(OPAQUE_BYTES);
        int pid;
        int initialized = (int) actionsInit.invokeExact(actions);
        initialized = (int) attrInit.invokeExact(attributes);
        try {
          check(command, (int) addDup2.invokeExact(actions, readEnd, 0));
          check(
              command,
              (int)
                  addOpen.invokeExact(
                      actions,
                      1,
                      arena.allocateFrom(stdout.toString()),
                      O_WRONLY | O_CREAT | O_TRUNC,
                      0666));
          check(
              command,
              (int)
                  addOpen.invokeExact(
                      actions,
                      2,
                      arena.allocateFrom(stderr.toString()),
                      O_WRONLY | O_CREAT | O_APPEND,
                      0666));
          check(command, (int) addChdir.invokeExact(actions, arena.allocateFrom(dir.toString())));
          check(command, (int) addCloseFrom.invokeExact(actions, 3));
          // A signal blocked in the JVM's thread would stay blocked in the agent: none is.
          check(command, (int) sigemptyset.invokeExact(signals));
          check(command, (int) setSigmask.invokeExact(attributes, signals));
          check(command, (int) setFlags.invokeExact(attributes, POSIX_SPAWN_SETSIGMASK));
          MemorySegment pidOut = arena.allocate(ValueLayout.JAVA_INT);
          check(
              command,
              (int)
                  spawnp.invokeExact(
                      pidOut,
                      arena.allocateFrom(command.getFirst()),
                      actions,
                      attributes,
                      strings(arena, command),
                      strings(
                          arena,
                          environment.entrySet().stream()
                              .map(e -> e.getKey() + "=" + e.getValue())
                              .toList())));
          pid = pidOut.get(ValueLayout.JAVA_INT, 0);
        } catch (Throwable e) {
          int closed = (int) close.invokeExact(writeEnd);
          throw e;
        } finally {
          int closed = (int) close.invokeExact(readEnd);
          int destroyed = (int) actionsDestroy.invokeExact(actions);
          destroyed = (int) attrDestroy.invokeExact(attributes);
        }
        Spawned process = new Spawned(this, pid, writeEnd);
        Reaper.watch(this, process);
        return process;
      } catch (IOException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IOException("cannot start " + command.getFirst() + ": " + e, e);
      }
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment strings(Arena arena, List<String> values) {
      MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
      for (int k = 0; k < values.size(); k++) {
        array.setAtIndex(ValueLayout.ADDRESS, k, arena.allocateFrom(values.get(k)));
      }
      array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
      return array;
    }

    private void check(List<String> command, int error) throws IOException {
      if (error != 0) {
        throw failure(command, error);
      }
    }

    /** Worded as the JDK words it, so a missing agent reads the same whichever way it started. */
    private IOException failure(List<String> command, int error) {
      String message;
      try {
        message = ((MemorySegment) strerror.invokeExact(error)).reinterpret(1024).getString(0);
      } catch (Throwable e) {
        message = "errno " + error;
      }
      return new IOException(
          "Cannot run program \"" + command.getFirst() + "\": error=" + error + ", " + message);
    }

    /** Writes all of {@code bytes} to {@code fd}, or says why it could not. */
    void writeFully(int fd, byte[] bytes, int offset, int length) throws IOException {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment state = arena.allocate(errnoSize);
        MemorySegment buffer = arena.allocate(Math.max(1, length));
        MemorySegment.copy(bytes, offset, buffer, ValueLayout.JAVA_BYTE, 0, length);
        long written = 0;
        while (written < length) {
          long n =
              (long) write.invokeExact(state, fd, buffer.asSlice(written), (long) length - written);
          if (n < 0) {
            int error = (int) errno.get(state, 0L);
            if (error == EINTR) {
              continue;
            }
            throw new IOException("write to the agent's stdin: errno " + error);
          }
          written += n;
        }
      } catch (IOException e) {
        throw e;
      } catch (Throwable e) {
        throw new IOException(e);
      }
    }

    /** Calls an {@code int f(int)}; -1 if the call itself failed. */
    int call(MethodHandle function, int arg) {
      try {
        return (int) function.invokeExact(arg);
      } catch (Throwable e) {
        return -1;
      }
    }

    void close(int fd) {
      try {
        int closed = (int) close.invokeExact(fd);
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * Reaps {@code pid} if it has ended, without waiting: its exit code as {@link #await} gives it,
     * or {@link Spawn#RUNNING}.
     */
    int reap(int pid) {
      return waitpid(pid, WNOHANG);
    }

    /**
     * Waits for {@code pid} to end and reaps it; its exit code, or 128 + the signal that ended it.
     */
    int await(int pid) {
      return waitpid(pid, 0);
    }

    private int waitpid(int pid, int options) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment state = arena.allocate(errnoSize);
        MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
        while (true) {
          int reaped = (int) waitpid.invokeExact(state, pid, status, options);
          if (reaped == 0) {
            return RUNNING;
          }
          if (reaped == pid) {
            int s = status.get(ValueLayout.JAVA_INT, 0);
            int signal = s & 0x7f;
            return signal == 0 ? (s >> 8) & 0xff : 0x80 + signal;
          }
          if ((int) errno.get(state, 0L) != EINTR) {
            return 0x80 + SIGKILL; // not ours to wait for any more: gone
          }
        }
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }

    void signal(int pid, boolean force) {
      try {
        int sent = (int) kill.invokeExact(pid, force ? SIGKILL : SIGTERM);
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A process started by {@code posix_spawnp}, reaped by the {@link Reaper}. */
  private static final class Spawned extends Process {
    private final Libc libc;
    private final int pid;
    private final ProcessHandle handle;
    private final OutputStream stdin;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private boolean reaped;

    Spawned(Libc libc, int pid, int stdinFd) {
      this.libc = libc;
      this.pid = pid;
      // Taken before it can be reaped: a handle checks the start time, so it never kills a reuse.
      this.handle = ProcessHandle.of(pid).orElse(null);
      this.stdin = new PipeOutput(libc, stdinFd);
    }

    /** Reaped: its exit code, or 128 + the signal that ended it. */
    void exited(int code) {
      synchronized (this) {
        reaped = true;
      }
      exit.complete(code);
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

    /** Only while not reaped: after, the pid may be another process's. */
    private synchronized void signal(boolean force) {
      if (!reaped) {
        libc.signal(pid, force);
      }
    }

    @Override
    public String toString() {
      return "Process[pid=" + pid + ", exitValue=" + exit.getNow(null) + "]";
    }
  }

  /**
   * Waits for every process started here on one thread: each one's pidfd (Linux 5.3 and later) in
   * one epoll set, the process reaped with {@code waitpid} once its pidfd is readable. A thread per
   * process blocked in {@code waitpid}, as the JDK's reaper has, touches about 100 KB of stack
   * each: with a thousand agents in flight, 70 MB of the harness's memory. Where a pidfd cannot be
   * had, or epoll's event layout is not known (other than x86-64 and AArch64), that process gets a
   * thread of {@link #REAPERS} instead.
   */
  private static final class Reaper {
    private static final int EPOLL_CLOEXEC = 02000000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLLIN = 0x001;
    private static final int SYS_PIDFD_OPEN = 434; // the same number on every architecture
    private static final int EINTR = 4;
    private static final int BATCH = 64;

    /** The one reaper, made with the first process; null when epoll cannot be used here. */
    private static Reaper reaper;

    private static boolean made;

    private final Libc libc;
    private final int epoll;

    /** struct epoll_event: packed on x86-64 (12 bytes, data at 4), aligned elsewhere (16, at 8). */
    private final long eventBytes;

    private final long dataOffset;

    /** The processes waited for, by pidfd. */
    private final Map<Integer, Spawned> waiting = new ConcurrentHashMap<>();

    /**
     * With none to wait for, the thread waits here rather than in {@code epoll_wait}: the JVM's
     * exit waits up to 300 ms for threads still in a native call, and with the last agent reaped
     * the harness is about to exit.
     */
    private final Object idle = new Object();

    private Reaper(Libc libc, int epoll, long eventBytes, long dataOffset) {
      this.libc = libc;
      this.epoll = epoll;
      this.eventBytes = eventBytes;
      this.dataOffset = dataOffset;
      Thread.ofPlatform().name("agent-reaper").daemon().start(this::loop);
    }

    private static synchronized Reaper reaper(Libc libc) {
      if (!made) {
        made = true;
        String arch = System.getProperty("os.arch", "");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        if (x86 || arch.equals("aarch64")) {
          int epoll = libc.call(libc.epollCreate(), EPOLL_CLOEXEC);
          if (epoll >= 0) {
            reaper = new Reaper(libc, epoll, x86 ? 12 : 16, x86 ? 4 : 8);
          }
        }
      }
      return reaper;
    }

    /** Reaps {@code process} when it ends, on the reaper's thread or one of its own. */
    static void watch(Libc libc, Spawned process) {
      Reaper one = reaper(libc);
      if (one == null || !one.add(process)) {
        REAPERS.execute(() -> process.exited(libc.await(process.pid)));
      }
    }

    private boolean add(Spawned process) {
      try (Arena arena = Arena.ofConfined()) {
        int pidfd = (int) (long) libc.syscall().invokeExact((long) SYS_PIDFD_OPEN, process.pid, 0);
        if (pidfd < 0) {
          return false;
        }
        waiting.put(pidfd, process);
        MemorySegment event = arena.allocate(16);
        event.set(ValueLayout.JAVA_INT, 0, EPOLLIN);
        event.set(ValueLayout.JAVA_INT, dataOffset, pidfd);
        if ((int) libc.epollCtl().invokeExact(epoll, EPOLL_CTL_ADD, pidfd, event) != 0) {
          waiting.remove(pidfd);
          libc.close(pidfd);
          return false;
        }
        synchronized (idle) {
          idle.notifyAll();
        }
        return true; // an end before the add is reported at once: epoll is level-triggered
      } catch (Throwable e) {
        return false;
      }
    }

    private void loop() {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment events = arena.allocate(eventBytes * BATCH);
        MemorySegment state = arena.allocate(libc.errnoSize());
        while (true) {
          synchronized (idle) {
            while (waiting.isEmpty()) {
              idle.wait();
            }
          }
          int ready = (int) libc.epollWait().invokeExact(state, epoll, events, BATCH, -1);
          if (ready < 0 && (int) libc.errno().get(state, 0L) != EINTR) {
            throw new IllegalStateException("epoll_wait: errno " + libc.errno().get(state, 0L));
          }
          for (int k = 0; k < ready; k++) {
            int pidfd = events.get(ValueLayout.JAVA_INT, k * eventBytes + dataOffset);
            Spawned process = waiting.get(pidfd);
            if (process == null) { // not expected: not ours any more, so not to be reported again
              int removed =
                  (int)
                      libc.epollCtl().invokeExact(epoll, EPOLL_CTL_DEL, pidfd, MemorySegment.NULL);
              continue;
            }
            int code = libc.reap(process.pid);
            if (code != RUNNING) {
              waiting.remove(pidfd);
              // Out of the set before the number can be reused: closing alone would leave it in
              // while a process being started still holds a copy of the descriptor.
              int removed =
                  (int)
                      libc.epollCtl().invokeExact(epoll, EPOLL_CTL_DEL, pidfd, MemorySegment.NULL);
              libc.close(pidfd);
              process.exited(code);
            }
          }
        }
      } catch (Throwable e) {
        // Not expected; the processes still waited for get threads of their own.
        waiting.values().forEach(p -> REAPERS.execute(() -> p.exited(libc.await(p.pid))));
        throw new IllegalStateException(e);
      }
    }
  }

  /** The write end of the agent's stdin pipe. */
  private static final class PipeOutput extends OutputStream {
    private final Libc libc;
    private final int fd;
    private boolean closed;

    PipeOutput(Libc libc, int fd) {
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
