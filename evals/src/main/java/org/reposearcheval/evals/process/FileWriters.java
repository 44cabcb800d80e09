package org.reposearcheval.evals.process;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Whether another process still has a file open for writing, without scanning {@code /proc}: on
 * Linux a read lease ({@code fcntl(F_SETLEASE, F_RDLCK)}) is refused with {@code EAGAIN} exactly
 * when some process has the file open for writing, and granted (then dropped at once) otherwise.
 * The agent's stdout goes straight into its transcript file, so this is how the harness tells that
 * something the agent started still holds its output after it exited — what a pipe's end of file
 * told it before. A few microseconds, whatever the number of processes. Elsewhere, or where the
 * file system has no leases, it answers {@code false}: nobody known to hold it.
 */
final class FileWriters {
  private static final int O_RDONLY = 0;
  private static final int F_SETLEASE = 1024;
  private static final int F_RDLCK = 0;
  private static final int F_UNLCK = 2;
  private static final int EAGAIN = 11;

  /**
   * Binding the calls takes about 25 ms of CPU (the JDK generates their method handles), so it is
   * done on a thread of its own from the first {@link #link()}, while the first agent runs, rather
   * than when it has exited.
   */
  private static final CompletableFuture<Native> NATIVE =
      CompletableFuture.supplyAsync(
          Native::load, task -> Thread.ofPlatform().name("libc-link").daemon().start(task));

  private FileWriters() {}

  /** Starts binding the libc calls, if not begun yet; {@link #heldOpen} waits for it. */
  static void link() {
    // Loading this class is what starts it.
  }

  /** True when some process has {@code file} open for writing (Linux only; else false). */
  static boolean heldOpen(Path file) {
    Native calls = NATIVE.join();
    return calls != null && calls.heldOpen(file);
  }

  /** The three libc calls, bound once; null where they cannot be (not Linux). */
  private record Native(
      MethodHandle open, MethodHandle fcntl, MethodHandle close, VarHandle errno, long errnoSize) {
    static Native load() {
      if (!CLibrary.linux()) {
        return null;
      }
      try {
        return new Native(
            CLibrary.bind(
                "open",
                FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(2)),
            CLibrary.bind(
                "fcntl",
                FunctionDescriptor.of(
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT),
                CLibrary.ERRNO,
                Linker.Option.firstVariadicArg(2)),
            CLibrary.bind(
                "close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)),
            CLibrary.errno(),
            CLibrary.errnoSize());
      } catch (RuntimeException | LinkageError e) {
        return null; // no native access: nobody is known to hold a file
      }
    }

    boolean heldOpen(Path file) {
      try (Arena arena = Arena.ofConfined()) {
        int fd = (int) open.invokeExact(arena.allocateFrom(file.toString()), O_RDONLY);
        if (fd < 0) {
          return false;
        }
        try {
          MemorySegment state = arena.allocate(errnoSize);
          int granted = (int) fcntl.invokeExact(state, fd, F_SETLEASE, F_RDLCK);
          if (granted == 0) {
            int dropped = (int) fcntl.invokeExact(state, fd, F_SETLEASE, F_UNLCK);
            return false;
          }
          return (int) errno.get(state, 0L) == EAGAIN;
        } finally {
          int closed = (int) close.invokeExact(fd);
        }
      } catch (Throwable e) {
        return false;
      }
    }
  }
}
