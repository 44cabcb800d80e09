package org.reposearcheval.evals.agent;

import java.io.IOException;
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

/** The libc calls, bound once; null where they cannot be (not Linux with glibc 2.34 or later). */
record PosixCalls(
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

  static PosixCalls load() {
    if (!CLibrary.linux()) {
      return null;
    }
    try {
      ValueLayout a = ValueLayout.ADDRESS;
      ValueLayout i = ValueLayout.JAVA_INT;
      return new PosixCalls(
          CLibrary.bind("posix_spawnp", FunctionDescriptor.of(i, a, a, a, a, a, a)),
          CLibrary.bind("posix_spawn_file_actions_init", FunctionDescriptor.of(i, a)),
          CLibrary.bind("posix_spawn_file_actions_destroy", FunctionDescriptor.of(i, a)),
          CLibrary.bind(
              "posix_spawn_file_actions_addopen", FunctionDescriptor.of(i, a, i, a, i, i)),
          CLibrary.bind("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(i, a, i, i)),
          CLibrary.bind("posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(i, a, a)),
          CLibrary.bind("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(i, a, i)),
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
      SpawnedProcess process = new SpawnedProcess(this, pid, writeEnd);
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
          return Spawn.RUNNING;
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
