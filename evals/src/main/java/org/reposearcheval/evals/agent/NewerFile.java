package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The carry-back rule for a credentials file whose format the harness does not read (Codex's {@code
 * auth.json}, Gemini CLI's {@code oauth_creds.json}, …): a CLI that refreshes a token replaces the
 * file, which replaces the run's link to the user's file with a file of its own. That file goes
 * back over the user's when it was written after the user's file last changed, so an older token
 * never overwrites a newer one. The user's file is replaced atomically; a link to it stays a link.
 */
final class NewerFile {
  private NewerFile() {}

  /** True when {@code runCopy} was carried back over {@code userFile}. */
  static boolean carryBack(Path runCopy, Path userFile) throws IOException {
    if (!Files.isRegularFile(runCopy, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Path target = userFile.toRealPath();
    synchronized (NewerFile.class) {
      if (Files.getLastModifiedTime(runCopy).compareTo(Files.getLastModifiedTime(target)) <= 0) {
        return false;
      }
      Path temp =
          Files.createTempFile(
              target.getParent(),
              target.getFileName() + ".",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.copy(runCopy, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
      return true;
    }
  }
}
