package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
    static final CompletableFuture<PosixCalls> LIBC =
        CompletableFuture.supplyAsync(
            PosixCalls::load, task -> Thread.ofPlatform().name("spawn-link").daemon().start(task));
  }

  private static volatile boolean linking;

  /** What {@link PosixCalls#reap} says of a process that has not ended. */
  static final int RUNNING = -1;

  /**
   * Where the {@link Reaper}'s one thread cannot wait (no pidfds), a thread waits for each process
   * in {@code waitpid}, as the JDK's own process reaper does.
   */
  static final ExecutorService REAPERS =
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
    PosixCalls libc = linking ? Bound.LIBC.getNow(null) : null;
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
}
