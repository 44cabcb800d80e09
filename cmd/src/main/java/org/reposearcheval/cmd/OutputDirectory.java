package org.reposearcheval.cmd;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * The default run directory, {@code eval-results/<yyyyMMdd-HHmmss>}, claimed by creating it: runs
 * started in the same second each create their own ({@code -2}, {@code -3}, …), since only one
 * {@link Files#createDirectory} of a name succeeds. Checking for the name and creating it later
 * would let two runs pick the same one.
 */
final class OutputDirectory {
  static final Path PARENT = Path.of("eval-results");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private OutputDirectory() {}

  /** A new directory under {@link #PARENT} named for now, created. */
  static Path claim() {
    return claim(PARENT, LocalDateTime.now().format(STAMP));
  }

  /** A new directory {@code parent/stamp}, or {@code stamp-2}, {@code stamp-3}, …, created. */
  static Path claim(Path parent, String stamp) {
    try {
      Files.createDirectories(parent);
      for (int n = 1; ; n++) {
        Path dir = parent.resolve(n == 1 ? stamp : stamp + "-" + n);
        try {
          return Files.createDirectory(dir);
        } catch (FileAlreadyExistsException taken) {
          // Another run has it; try the next suffix.
        }
      }
    } catch (IOException e) {
      throw new InvalidInputException(parent + ": cannot create a run directory: " + e);
    }
  }

  /** Gives back a claimed directory that nothing was written to (nothing ran: bad input). */
  static void release(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException notEmpty) {
      // Something was written after all: it stays, as a run directory would.
    }
  }

  /** The name {@link #claim()} would take now, without creating anything (for a dry run). */
  static Path name() {
    String stamp = LocalDateTime.now().format(STAMP);
    Path dir = PARENT.resolve(stamp);
    for (int n = 2; Files.exists(dir); n++) {
      dir = PARENT.resolve(stamp + "-" + n);
    }
    return dir;
  }
}
