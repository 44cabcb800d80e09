package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A process alive now, as {@code /proc} shows it: its command line, working directory and
 * environment, read directly. Tests use it to see for themselves which processes a run left, never
 * through the harness's own bookkeeping ({@link ProcessTree}), which is what they check. Linux
 * only. Zombies are not alive: they hold no memory, no files, and no command line to match.
 */
public record LiveProcess(
    long pid, List<String> commandLine, String cwd, List<String> environment) {
  private static final Path PROC = Path.of("/proc");

  public LiveProcess {
    commandLine = List.copyOf(commandLine);
    environment = List.copyOf(environment);
  }

  /** Every process alive now but this JVM, as far as {@code /proc} lets this user read it. */
  public static List<LiveProcess> all() {
    if (!Files.isDirectory(PROC)) {
      throw new IllegalStateException("no /proc: cannot see processes on this system");
    }
    long self = ProcessHandle.current().pid();
    List<LiveProcess> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(PROC)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit) && Long.parseLong(name) != self) {
          read(Long.parseLong(name), entry).ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return found;
  }

  private static Optional<LiveProcess> read(long pid, Path entry) {
    try {
      String stat = Files.readString(entry.resolve("stat"));
      // The state follows the command name, which may itself hold spaces and parentheses.
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      if (state == 'Z' || state == 'X') {
        return Optional.empty();
      }
      List<String> commandLine = nulSeparated(Files.readAllBytes(entry.resolve("cmdline")));
      List<String> environment = nulSeparated(Files.readAllBytes(entry.resolve("environ")));
      String cwd = Files.readSymbolicLink(entry.resolve("cwd")).toString();
      return Optional.of(new LiveProcess(pid, commandLine, cwd, environment));
    } catch (IOException | RuntimeException e) {
      // It ended while being read, or is not this user's to read: not one of the test's.
      return Optional.empty();
    }
  }

  private static List<String> nulSeparated(byte[] bytes) {
    return Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\0"))
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** Whether the environment holds exactly {@code name=value}. */
  public boolean hasEnv(String name, String value) {
    return environment.contains(name + "=" + value);
  }

  /** Whether the environment sets {@code name} at all. */
  public boolean setsEnv(String name) {
    return environment.stream().anyMatch(e -> e.startsWith(name + "="));
  }

  /** Whether it works in {@code dir} or below, or names {@code dir} on its command line. */
  public boolean touches(Path dir) {
    String path = dir.toString();
    return cwd.equals(path)
        || cwd.startsWith(path + "/")
        || commandLine.stream().anyMatch(arg -> arg.contains(path));
  }

  /** The Claude Code CLI, the native {@code claude} program the npm package installs. */
  public boolean isClaude() {
    return runs("claude") || runs("claude.exe");
  }

  /**
   * Whether it runs {@code program} (a file name such as {@code mcp-server-filesystem}): as the
   * program itself, or as the script an interpreter such as node runs.
   */
  public boolean runs(String program) {
    return commandLine.stream().limit(2).map(LiveProcess::fileName).anyMatch(program::equals);
  }

  private static String fileName(String arg) {
    int slash = arg.lastIndexOf('/');
    return slash < 0 ? arg : arg.substring(slash + 1);
  }

  @Override
  public String toString() {
    return pid + " in " + cwd + ": " + String.join(" ", commandLine);
  }
}
