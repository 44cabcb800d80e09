package org.reposearcheval.cmd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A short command the tests run to its end: its output (stdout and stderr together) goes to a file
 * read after a bounded wait, never to a pipe read to its end, which waits as long as anything holds
 * the pipe, whatever bound follows.
 */
record Finished(int exitCode, String output) {
  static Finished run(ProcessBuilder builder, Duration within) throws IOException {
    Path output = Files.createTempFile("cmd-test-", ".out");
    try {
      Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
      try {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IOException(builder.command() + " did not end within " + within);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      return new Finished(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
