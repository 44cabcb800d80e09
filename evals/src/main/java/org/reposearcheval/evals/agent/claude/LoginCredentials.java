package org.reposearcheval.evals.agent.claude;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code claude login} user's {@code .credentials.json}, and the way back into it for a token
 * Claude Code refreshed inside a run.
 *
 * <p>Each run sees the user's file through a link in its private config directory. Claude Code
 * (2.1.328) saves a refreshed token by writing {@code .credentials.json.tmp.<hex>} (mode 0600,
 * fsynced) and renaming it over {@code .credentials.json}, which replaces the link rather than
 * writing through it: the new token would stay in the private directory and be deleted with it,
 * while the user's file kept a refresh token the refresh may have spent. {@link #carryBack} puts it
 * into the user's file before the directory is emptied.
 *
 * <p>The rule: the run's {@code claudeAiOauth} replaces the user's only when both files hold one
 * and the run's {@code expiresAt} is later. So an older token never overwrites a newer one (the
 * user signed in again, or another run or harness carried a later one back), a user who signed out
 * stays signed out, and a run that lost its login cannot log the user out. The rest of the user's
 * file is kept as it is now. The write is a private temporary file moved atomically over the user's
 * real file (a link the user made to it stays a link), under a lock file beside it that every
 * harness takes, so carry-backs of concurrent runs and harnesses never interleave.
 */
public final class LoginCredentials {
  public static final String FILE = ".credentials.json";
  static final String OAUTH = "claudeAiOauth";
  public static final String LOCK = ".repo-search-eval-credentials.lock";

  /** Long enough for any other harness's read-compare-write; a stuck holder is not waited for. */
  private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /** File locks belong to the process: threads of this JVM wait for each other here first. */
  private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

  /** What {@link #carryBack} did. */
  enum CarryBack {
    /** The run's directory still links to the user's file: nothing was refreshed there. */
    NOTHING_REFRESHED,
    /** The run's token is later than the user's and replaced it. */
    CARRIED,
    /** The user's token is as late as the run's or later, and stays. */
    USERS_IS_NEWER,
    /** One of the two files holds no token (signed out, or not a login): nothing is written. */
    NO_TOKEN
  }

  private final Path file;

  LoginCredentials(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** Claude Code's carry-back rule ({@link org.reposearcheval.evals.agent.AgentCli.CarryBack}). */
  static void carry(Path runCopy, Path userFile) throws IOException {
    new LoginCredentials(userFile).carryBack(runCopy);
  }

  /**
   * Carries the token in {@code runCopy}, a run's {@code .credentials.json}, back to the user's
   * file when the rule above says so. Messages of exceptions never quote either file.
   */
  CarryBack carryBack(Path runCopy) throws IOException {
    if (!Files.isRegularFile(runCopy, LinkOption.NOFOLLOW_LINKS)) {
      return CarryBack.NOTHING_REFRESHED;
    }
    ObjectNode run = read(runCopy);
    OptionalLong runExpiresAt = expiresAt(run);
    if (runExpiresAt.isEmpty()) {
      return CarryBack.NO_TOKEN;
    }
    Path target;
    try {
      target = file.toRealPath();
    } catch (NoSuchFileException signedOut) {
      return CarryBack.NO_TOKEN;
    }
    IN_THIS_JVM.lock();
    try (FileChannel lockFile =
            FileChannel.open(
                target.resolveSibling(LOCK),
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                OWNER_ONLY);
        FileLock held = lock(lockFile)) {
      ObjectNode users = Files.exists(target) ? read(target) : null;
      OptionalLong usersExpiresAt = expiresAt(users);
      if (usersExpiresAt.isEmpty()) {
        return CarryBack.NO_TOKEN;
      }
      if (usersExpiresAt.getAsLong() >= runExpiresAt.getAsLong()) {
        return CarryBack.USERS_IS_NEWER;
      }
      users.set(OAUTH, run.get(OAUTH));
      replace(target, Json.COMPACT.writeValueAsBytes(users));
      return CarryBack.CARRIED;
    } finally {
      IN_THIS_JVM.unlock();
    }
  }

  /** The file as a JSON object, or null when it is not one. */
  private static ObjectNode read(Path path) throws IOException {
    try {
      return Json.MAPPER.readTree(Files.readString(path, StandardCharsets.UTF_8))
              instanceof ObjectNode object
          ? object
          : null;
    } catch (JacksonException | CharacterCodingException e) {
      // Never Jackson's message: it quotes the text around the fault, which may be a token.
      return null;
    }
  }

  /** {@code claudeAiOauth.expiresAt} (epoch milliseconds), when there is a token to compare. */
  static OptionalLong expiresAt(JsonNode credentials) {
    if (credentials == null) {
      return OptionalLong.empty();
    }
    JsonNode expiresAt = credentials.path(OAUTH).path("expiresAt");
    return expiresAt.isNumber() ? expiresAt.longValueOpt() : OptionalLong.empty();
  }

  private static FileLock lock(FileChannel channel) throws IOException {
    long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
    for (FileLock held; ; ) {
      if ((held = channel.tryLock()) != null) {
        return held;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "another process held its lock for " + Durations.canonical(LOCK_WAIT));
      }
      // No timed FileChannel.lock exists; the holder keeps it for one read and one write.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** A private temporary file beside {@code target}, synced, then renamed over it. */
  private static void replace(Path target, byte[] content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), FILE + ".", ".tmp", OWNER_ONLY);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
