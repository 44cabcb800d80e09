package org.reposearcheval.evals.checkout;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * git as a child process: never prompting (a URL that wants a password fails at once), killed with
 * everything it started when it outlives its timeout or the waiting thread is interrupted (Ctrl-C),
 * so no git outlives the harness. The {@code git} found on the environment's {@code PATH}.
 */
final class Git {
  /** Every git still running, for {@link #killAll()}. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  private final String executable;
  private final Map<String, String> environment;

  /** What git said: its exit code, its output and its error output. */
  record Result(int exit, String out, String err) {
    boolean ok() {
      return exit == 0;
    }

    /** The last non-blank line of the error output: git's reason. */
    String reason() {
      List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
      return lines.isEmpty() ? "exit " + exit : lines.getLast().strip();
    }
  }

  Git(Map<String, String> environment) {
    this.environment = new java.util.HashMap<>(environment);
    this.environment.put("GIT_TERMINAL_PROMPT", "0");
    this.environment.put("LC_ALL", "C");
    this.environment.putIfAbsent("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    this.environment.remove("GIT_DIR");
    this.environment.remove("GIT_WORK_TREE");
    this.environment.remove("GIT_INDEX_FILE");
    this.executable = onPath("git", environment.get("PATH"));
  }

  /** {@code name} as found on {@code path}, else as it is (the JVM's own lookup). */
  private static String onPath(String name, String path) {
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
          return candidate.toAbsolutePath().toString();
        }
      }
    }
    return name;
  }

  /**
   * Runs {@code git args…} in {@code dir} with {@code extraEnv} set, for at most {@code timeout}.
   */
  Result run(Path dir, Map<String, String> extraEnv, Duration timeout, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().putAll(extraEnv);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("cannot run git (is it installed and on PATH?): " + e.getMessage(), e);
    }
    RUNNING.add(process);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread outPump = pump(process.getInputStream(), out);
      Thread errPump = pump(process.getErrorStream(), err);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw new IOException(
            "git "
                + String.join(" ", args)
                + " did not finish within "
                + timeout.toSeconds()
                + "s");
      }
      outPump.join(Duration.ofSeconds(10));
      errPump.join(Duration.ofSeconds(10));
      return new Result(
          process.exitValue(),
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    } finally {
      RUNNING.remove(process);
    }
  }

  Result run(Path dir, Duration timeout, String... args) throws IOException, InterruptedException {
    return run(dir, Map.of(), timeout, List.of(args));
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream to) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try (in) {
                in.transferTo(to);
              } catch (IOException e) {
                // The process was killed; what it said so far is kept.
              }
            });
  }

  /** Kills {@code process} and everything it started, and waits (bounded) for it to be gone. */
  private static void kill(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills every git still running: the harness is about to exit at once (a second Ctrl-C). */
  static void killAll() {
    RUNNING.forEach(Git::kill);
  }
}
