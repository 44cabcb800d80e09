package org.reposearcheval.evals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An agent CLI run as a user runs it, without the harness: the positive control of a test that
 * shows what the harness keeps out. It works in {@code workDir} with exactly {@code environment},
 * reads nothing, writes its output to files under {@code logs}, and is killed with its tree on
 * {@link #close()}.
 */
final class PlainCli implements AutoCloseable {
  private final Process process;
  private final Path stderr;

  private PlainCli(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
  }

  static PlainCli start(
      List<String> command, Path workDir, Map<String, String> environment, Path logs)
      throws IOException {
    Files.createDirectories(logs);
    Path stderr = logs.resolve("plain.err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(logs.resolve("plain.out").toFile())
            .redirectError(stderr.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    return new PlainCli(builder.start(), stderr);
  }

  /** True if the CLI ended within {@code limit}. */
  boolean ended(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The last lines the CLI wrote to its standard error, for a failure's message. */
  String stderrTail() throws IOException {
    List<String> lines = Files.readAllLines(stderr);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the plain CLI did not die: " + process.pid());
    }
  }
}
