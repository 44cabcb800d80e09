package org.reposearcheval.evals.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts an agent process: on Linux with glibc's {@code posix_spawnp}, called through the Foreign
 * Function API, elsewhere (or when {@value #SWITCH}{@code =jdk}) with {@link ProcessBuilder}.
 * Either way the process gets the same things: the command looked up on the harness's {@code PATH}
 * (a file without {@code #!} run by {@code /bin/sh}), exactly the environment given, the working
 * directory, stdin from a pipe, stdout into a file (truncated), stderr appended to a file, no other
 * descriptor of the JVM, and no blocked signal.
 *
 * <p>The way is chosen once, before the first agent starts, and kept to the last: the first start
 * waits for the calls to be bound (about 100 ms, begun early by {@link #link}) rather than taking
 * the other way meanwhile, so no behaviour depends on timing.
 *
 * <p>Why not always {@link ProcessBuilder}: on Linux the JDK starts every process through its
 * {@code jspawnhelper}, so each agent costs two program starts, where {@code posix_spawnp} costs
 * one (docs/performance.md).
 */
public final class Spawn {
  /**
   * The documented switch: this environment variable (or the system property {@code
   * repo-search-eval.spawn}) set to {@code jdk} starts every agent through {@link ProcessBuilder}.
   */
  public static final String SWITCH = "REPO_SEARCH_EVAL_SPAWN";

  /** The way agents start here, with why; bound on a thread of its own from {@link #link}. */
  private record Way(PosixCalls libc, String description) {}

  private static final class Chosen {
    static final CompletableFuture<Way> WAY =
        CompletableFuture.supplyAsync(
            Spawn::choose, task -> Thread.ofPlatform().name("spawn-link").daemon().start(task));
  }

  private Spawn() {}

  private static Way choose() {
    String asked = System.getProperty("repo-search-eval.spawn", System.getenv(SWITCH));
    if ("jdk".equals(asked)) {
      return new Way(null, "ProcessBuilder (" + SWITCH + "=jdk)");
    }
    try {
      return new Way(PosixCalls.load(), "posix_spawnp (glibc), one thread waiting on pidfds");
    } catch (RuntimeException | LinkageError e) {
      return new Way(null, "ProcessBuilder: posix_spawnp is not available: " + e.getMessage());
    }
  }

  /** Starts binding the calls, if not begun yet; the first {@link #start} waits for it. */
  public static void link() {
    Chosen.WAY.isDone(); // initializing the holder is what starts it
  }

  /** Which way agents start here and, where it is not {@code posix_spawnp}, why not. */
  public static String description() {
    return Chosen.WAY.join().description();
  }

  /** Whether {@link #start} uses {@code posix_spawnp}. */
  static boolean usesPosixSpawn() {
    return Chosen.WAY.join().libc() != null;
  }

  /**
   * Starts {@code command} in {@code dir} with exactly {@code environment}, its stdout written to
   * {@code stdout} (made or emptied) and its stderr appended to {@code stderr}.
   */
  static Process start(
      List<String> command, Map<String, String> environment, Path dir, Path stdout, Path stderr)
      throws IOException {
    PosixCalls libc = Chosen.WAY.join().libc();
    return libc != null
        ? spawn(libc, command, environment, dir, stdout, stderr)
        : builder(command, environment, dir, stdout, stderr).start();
  }

  /**
   * The native start: the call returns a pid; the process, its pidfd and its reaping are wired
   * here. A file the kernel cannot execute as it is ({@code ENOEXEC}: a script without {@code #!})
   * is run by {@code /bin/sh}, as the JDK and every shell do.
   */
  private static Process spawn(
      PosixCalls libc,
      List<String> command,
      Map<String, String> environment,
      Path dir,
      Path stdout,
      Path stderr)
      throws IOException {
    PosixSpawn.Started started;
    try {
      started = PosixSpawn.spawn(libc, command, command, environment, dir, stdout, stderr);
    } catch (PosixSpawn.SpawnFailure e) {
      if (e.error != PosixSpawn.ENOEXEC) {
        throw e;
      }
      List<String> viaShell = new ArrayList<>(List.of("/bin/sh", onPath(command.getFirst())));
      viaShell.addAll(command.subList(1, command.size()));
      started = PosixSpawn.spawn(libc, command, viaShell, environment, dir, stdout, stderr);
    }
    SpawnedProcess process =
        new SpawnedProcess(libc, started.pid(), libc.pidfdOpen(started.pid()), started.stdinFd());
    Reaper.watch(libc, process);
    return process;
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

  /**
   * The file {@code command} names, looked up on the harness's {@code PATH} as {@code posix_spawnp}
   * does (a name with a {@code /} is taken as it is).
   */
  static String onPath(String command) {
    if (command.contains("/")) {
      return command;
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return command;
  }
}
