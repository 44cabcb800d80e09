package org.reposearcheval.evals.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One {@code posix_spawnp} through the bound C calls ({@link PosixCalls}): stdin from a pipe,
 * stdout into a file (truncated), stderr appended to a file, the working directory, no other
 * descriptor of the JVM and no blocked signal. It returns numbers, a pid and the pipe's write end;
 * {@link Spawn} wires the process around them.
 */
final class PosixSpawn {
  // Linux's values (the same on x86-64 and AArch64).
  private static final int O_WRONLY = 1;
  private static final int O_CREAT = 0100;
  private static final int O_TRUNC = 01000;
  private static final int O_APPEND = 02000;
  private static final int O_CLOEXEC = 02000000;
  private static final short POSIX_SPAWN_SETSIGMASK = 0x08;

  /** A file the kernel cannot execute as it is: a script without {@code #!}. */
  static final int ENOEXEC = 8;

  /** glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128. */
  private static final long OPAQUE_BYTES = 1024;

  private PosixSpawn() {}

  /** A process started: its pid, and the write end of its stdin pipe. */
  record Started(int pid, int stdinFd) {}

  /** A start that failed with {@code error}, worded as the JDK words it. */
  static final class SpawnFailure extends IOException {
    final int error;

    SpawnFailure(String message, int error) {
      super(message);
      this.error = error;
    }
  }

  /**
   * Starts {@code command} (its first word looked up on the harness's {@code PATH}); errors read as
   * the JDK's for {@code asked}, the command the caller asked for.
   */
  static Started spawn(
      PosixCalls libc,
      List<String> asked,
      List<String> command,
      Map<String, String> environment,
      Path dir,
      Path stdout,
      Path stderr)
      throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(libc.errnoSize());
      MemorySegment pipe = arena.allocate(ValueLayout.JAVA_INT, 2);
      if ((int) libc.pipe2().invokeExact(state, pipe, O_CLOEXEC) != 0) {
        throw failure(libc, asked, (int) libc.errno().get(state, 0L));
      }
      int readEnd = pipe.getAtIndex(ValueLayout.JAVA_INT, 0);
      int writeEnd = pipe.getAtIndex(ValueLayout.JAVA_INT, 1);
      MemorySegment actions = arena.allocate(OPAQUE_BYTES);
      MemorySegment attributes = arena.allocate(OPAQUE_BYTES);
      MemorySegment signals = arena.allocate(OPAQUE_BYTES);
      int pid;
      int initialized = (int) libc.actionsInit().invokeExact(actions);
      initialized = (int) libc.attrInit().invokeExact(attributes);
      try {
        check(libc, asked, (int) libc.addDup2().invokeExact(actions, readEnd, 0));
        check(
            libc,
            asked,
            (int)
                libc.addOpen()
                    .invokeExact(
                        actions,
                        1,
                        arena.allocateFrom(stdout.toString()),
                        O_WRONLY | O_CREAT | O_TRUNC,
                        0666));
        check(
            libc,
            asked,
            (int)
                libc.addOpen()
                    .invokeExact(
                        actions,
                        2,
                        arena.allocateFrom(stderr.toString()),
                        O_WRONLY | O_CREAT | O_APPEND,
                        0666));
        check(
            libc,
            asked,
            (int) libc.addChdir().invokeExact(actions, arena.allocateFrom(dir.toString())));
        check(libc, asked, (int) libc.addCloseFrom().invokeExact(actions, 3));
        // A signal blocked in the JVM's thread would stay blocked in the agent: none is.
        check(libc, asked, (int) libc.sigemptyset().invokeExact(signals));
        check(libc, asked, (int) libc.setSigmask().invokeExact(attributes, signals));
        check(libc, asked, (int) libc.setFlags().invokeExact(attributes, POSIX_SPAWN_SETSIGMASK));
        MemorySegment pidOut = arena.allocate(ValueLayout.JAVA_INT);
        check(
            libc,
            asked,
            (int)
                libc.spawnp()
                    .invokeExact(
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
        int closed = (int) libc.close().invokeExact(writeEnd);
        throw e;
      } finally {
        int closed = (int) libc.close().invokeExact(readEnd);
        int destroyed = (int) libc.actionsDestroy().invokeExact(actions);
        destroyed = (int) libc.attrDestroy().invokeExact(attributes);
      }
      return new Started(pid, writeEnd);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException("cannot start " + asked.getFirst() + ": " + e, e);
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

  private static void check(PosixCalls libc, List<String> command, int error) throws IOException {
    if (error != 0) {
      throw failure(libc, command, error);
    }
  }

  /** Worded as the JDK words it, so a missing agent reads the same whichever way it started. */
  private static SpawnFailure failure(PosixCalls libc, List<String> command, int error) {
    return new SpawnFailure(
        "Cannot run program \""
            + command.getFirst()
            + "\": error="
            + error
            + ", "
            + libc.describe(error),
        error);
  }
}
