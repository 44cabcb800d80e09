package org.reposearcheval.evals.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc calls agents start and end through, bound once; {@link #load} says why where they cannot
 * be (not Linux with glibc 2.34 or later, no native access). The native side only returns numbers
 * (a pid, a pidfd, an exit status); {@link SpawnedProcess} and {@link Reaper} wire their meaning,
 * as the JDK's own process code does.
 */
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
    MethodHandle waitid,
    MethodHandle kill,
    MethodHandle strerror,
    MethodHandle syscall,
    MethodHandle sendSignal,
    MethodHandle epollCreate,
    MethodHandle epollCtl,
    MethodHandle epollWait,
    VarHandle errno,
    long errnoSize) {
  // Linux's values (the same on x86-64 and AArch64).
  private static final int EINTR = 4;
  private static final int WNOHANG = 1;
  private static final int WEXITED = 4;
  private static final int WNOWAIT = 0x01000000;
  private static final int P_PID = 1;
  private static final int SIGKILL = 9;
  private static final int SIGTERM = 15;
  // The same numbers on every architecture (the syscalls added since Linux 5.0 share them).
  private static final long SYS_PIDFD_SEND_SIGNAL = 424;
  private static final long SYS_PIDFD_OPEN = 434;

  /** siginfo_t, which {@code waitid} fills and nothing here reads, is 128 bytes on Linux. */
  private static final long SIGINFO_BYTES = 128;

  /** The calls bound; throws, saying why, where they cannot be. */
  static PosixCalls load() {
    if (!CLibrary.linux()) {
      throw new UnsupportedOperationException("not Linux");
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
          CLibrary.bind("waitid", FunctionDescriptor.of(i, i, i, a, i), CLibrary.ERRNO),
          CLibrary.bind("kill", FunctionDescriptor.of(i, i, i)),
          CLibrary.bind("strerror", FunctionDescriptor.of(a, i)),
          CLibrary.bind(
              "syscall",
              FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, i, i),
              Linker.Option.firstVariadicArg(1)),
          CLibrary.bind(
              "syscall",
              FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, i, i, a, i),
              Linker.Option.firstVariadicArg(1),
              CLibrary.ERRNO),
          CLibrary.bind("epoll_create1", FunctionDescriptor.of(i, i)),
          CLibrary.bind("epoll_ctl", FunctionDescriptor.of(i, i, i, i, a)),
          CLibrary.bind("epoll_wait", FunctionDescriptor.of(i, i, a, i, i), CLibrary.ERRNO),
          CLibrary.errno(),
          CLibrary.errnoSize());
    } catch (RuntimeException | LinkageError e) {
      // Not glibc 2.34+ (no posix_spawn_file_actions_addclosefrom_np), or no native access.
      throw new UnsupportedOperationException("cannot bind the C library's calls: " + e, e);
    }
  }

  /** What {@link #reap} says of a process that has not ended. */
  static final int RUNNING = -1;

  /** The C library's words for {@code error}: "Broken pipe", "No child processes". */
  String describe(int error) {
    try {
      return ((MemorySegment) strerror.invokeExact(error)).reinterpret(1024).getString(0);
    } catch (Throwable e) {
      return "errno " + error;
    }
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
          throw new IOException(describe(error)); // "Broken pipe", as the JDK says it
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

  /** A pidfd for {@code pid} (Linux 5.3 and later), or -1 where there is none. */
  int pidfdOpen(int pid) {
    try {
      return (int) (long) syscall.invokeExact(SYS_PIDFD_OPEN, pid, 0);
    } catch (Throwable e) {
      return -1;
    }
  }

  /**
   * Reaps {@code pid} if it has ended, without waiting: its exit code as {@link #await} gives it,
   * or {@link Spawn#RUNNING}.
   */
  int reap(int pid) throws IOException {
    return waitpid(pid, WNOHANG);
  }

  /**
   * Waits for {@code pid} to end and reaps it; its exit code, or 128 + the signal that ended it.
   */
  int await(int pid) throws IOException {
    return waitpid(pid, 0);
  }

  /**
   * Waits for {@code pid} to end without reaping it: until reaped, its number cannot be given to
   * another process, so it is still safe to signal.
   */
  void awaitEnd(int pid) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(errnoSize);
      MemorySegment info = arena.allocate(SIGINFO_BYTES);
      while ((int) waitid.invokeExact(state, P_PID, pid, info, WEXITED | WNOWAIT) != 0) {
        int error = (int) errno.get(state, 0L);
        if (error != EINTR) {
          throw new IOException(
              "waitid(" + pid + "): " + describe(error) + " (errno " + error + ")");
        }
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** waitpid, retried on EINTR; any other error is an error, with its errno. */
  private int waitpid(int pid, int options) throws IOException {
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
        int error = (int) errno.get(state, 0L);
        if (error != EINTR) {
          throw new IOException(
              "waitpid(" + pid + "): " + describe(error) + " (errno " + error + ")");
        }
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM, or SIGKILL when {@code force}, to {@code pid}. */
  void signal(int pid, boolean force) {
    try {
      int sent = (int) kill.invokeExact(pid, force ? SIGKILL : SIGTERM);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The same signal through {@code pidfd}: it reaches the process the pidfd was opened for or
   * nobody ({@code ESRCH} once it has ended), never another that was given its number.
   */
  void signalPidfd(int pidfd, boolean force) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(errnoSize);
      long sent =
          (long)
              sendSignal.invokeExact(
                  state,
                  SYS_PIDFD_SEND_SIGNAL,
                  pidfd,
                  force ? SIGKILL : SIGTERM,
                  MemorySegment.NULL,
                  0);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
