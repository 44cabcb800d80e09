package org.reposearcheval.evals.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Making and removing the directories the harness writes into. */
public final class FileTrees {
  private FileTrees() {}

  /**
   * {@code dir}, made (with its parents) only when it is not a directory yet. {@link
   * Files#createDirectories} on a directory that exists throws and catches an exception inside: a
   * stack trace filled in for every run's and every page's directory.
   */
  public static Path directory(Path dir) throws IOException {
    return Files.isDirectory(dir) ? dir : Files.createDirectories(dir);
  }

  /**
   * Deletes {@code root} and everything under it; symbolic links themselves, never their targets.
   */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
