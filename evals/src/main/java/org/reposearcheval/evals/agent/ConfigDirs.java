package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.reposearcheval.evals.util.FileTrees;

/**
 * Private config directories of one agent CLI, one for each run in flight: concurrent runs sharing
 * one are known to corrupt it, and a private one is what keeps the user's and the repository's own
 * MCP servers out of a run. Users signed in (e.g. {@code claude login}) keep working because their
 * credentials files are linked in, never copied, and a token the CLI refreshed during a run is
 * carried back before the directory is emptied, by each credential's own rule ({@link
 * AgentCli.CarryBack}); the directories live in the temp dir, never in the output.
 *
 * <p>A directory is reused: when a run ends its directory is emptied (the credentials link aside)
 * and handed to the next run, which finds it as a new one would be. Making and removing a directory
 * per run cost more harness CPU than anything else (see docs/performance.md): on ext4 every inode
 * allocated after others were freed searches past the recently freed ones. The pool's directory is
 * locked while it lives, so the next harness removes one that a harness killed with -9 left.
 */
final class ConfigDirs implements AutoCloseable {
  /** Every pool's directory name starts so, the agent's name next. */
  static final String POOL_PREFIX = "repo-search-eval-";

  static final String LOCK = ".lock";

  /** Each run's {@code TMPDIR}, inside its home; kept, emptied, when the home is reused. */
  static final String TMP = "tmp";

  private static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

  /** Pools of this JVM, open or not yet closed. */
  private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();

  /** The user's credentials files that existed as the pool started; none for API keys. */
  private final List<Linked> links;

  private final String prefix;
  private final String agent;

  /** A credentials file linked into every directory, and how a refreshed one goes back. */
  private record Linked(Path inHome, Path userFile, AgentCli.CarryBack rule, String signIn) {}

  /** Tokens that could not be carried back, in words: the user may have to sign in again. */
  private final Set<String> warnings = Collections.synchronizedSet(new LinkedHashSet<>());

  private final Deque<Path> free = new ConcurrentLinkedDeque<>();
  private final AtomicInteger made = new AtomicInteger();

  /** Set once no more runs will start: a directory handed back is then removed, not kept. */
  private volatile boolean lastRuns;

  private Path root;
  private FileChannel lock;

  /** Directories for {@code agent}, with those of {@code credentials} that exist linked in. */
  ConfigDirs(String agent, List<AgentCli.Credential> credentials) {
    this.agent = agent;
    this.prefix = prefix(agent);
    this.links =
        credentials.stream()
            .filter(c -> Files.isRegularFile(c.userFile()))
            .map(c -> new Linked(c.inHome(), c.userFile(), c.rule(), c.signIn()))
            .toList();
  }

  /** How the name of every pool of {@code agent}'s directories starts. */
  static String prefix(String agent) {
    return POOL_PREFIX + agent + "-";
  }

  /** An empty directory (but for the credentials link) for one run, until the lease is closed. */
  Lease acquire() throws IOException {
    Path dir = free.pollFirst();
    if (dir == null) {
      dir = Files.createDirectory(root().resolve("run-" + made.incrementAndGet()));
    }
    try {
      linkCredentials(dir);
    } catch (IOException e) {
      free.addFirst(dir);
      throw e;
    }
    return new Lease(dir);
  }

  private synchronized Path root() throws IOException {
    if (root == null) {
      Path dir = Files.createTempDirectory(prefix);
      lock =
          FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock.lock();
      OWNED.add(dir);
      root = dir;
      removeAbandoned(dir.getParent(), prefix);
    }
    return root;
  }

  /**
   * Removes the directories of harnesses that ended without closing them (killed with -9): each
   * pool (named {@code prefix}…) holds a lock on its {@code .lock} file while it lives, and the
   * kernel drops the lock with the process. A pool younger than a minute is left alone, whose owner
   * may not have locked it yet.
   */
  static void removeAbandoned(Path tempDir, String prefix) {
    try (DirectoryStream<Path> pools = Files.newDirectoryStream(tempDir, prefix + "*")) {
      for (Path pool : pools) {
        Path lockFile = pool.resolve(LOCK);
        if (OWNED.contains(pool)) {
          // Never open another channel on a lock this JVM holds: closing it would drop the lock.
          continue;
        }
        try {
          Instant locked = Files.getLastModifiedTime(lockFile).toInstant();
          if (locked.isAfter(Instant.now().minus(ABANDONED_AFTER))) {
            continue;
          }
          try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
              FileLock held = channel.tryLock()) {
            if (held != null) {
              FileTrees.delete(pool);
            }
          }
        } catch (IOException | OverlappingFileLockException e) {
          // Not a pool, or one alive in this JVM or another: leave it.
        }
      }
    } catch (IOException e) {
      // Tidying up is a courtesy; the run goes on.
    }
  }

  /** Links the credentials into a new directory, or again where a run replaced a link. */
  private void linkCredentials(Path dir) throws IOException {
    for (Linked linked : links) {
      Path link = dir.resolve(linked.inHome());
      if (!Files.isSymbolicLink(link)) {
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, linked.userFile());
      }
    }
  }

  /**
   * No more runs will start (a retry still may): from now on each directory is removed as its run
   * hands it back, and the idle ones at once, while the last agents run, rather than all of them
   * after the last has ended (10 000 runs at 1000 in flight left 1000 directories there, 0.18 s of
   * removing between the last agent and the reports).
   */
  void lastRunsStarted() {
    lastRuns = true;
    for (Path dir = free.pollFirst(); dir != null; dir = free.pollFirst()) {
      remove(dir);
    }
  }

  /** Removes a directory no run will use again; what fails goes with the pool. */
  private void remove(Path dir) {
    try {
      FileTrees.delete(dir);
      Files.deleteIfExists(stderrOf(dir));
    } catch (IOException e) {
      // close() removes the whole pool.
    }
  }

  /**
   * Empties a directory for the next run, or removes it once no more runs will start. One that
   * cannot be emptied is not reused; it goes with the rest when the pool is closed.
   */
  private void release(Path dir) {
    links.forEach(linked -> carryBack(linked, dir.resolve(linked.inHome())));
    if (lastRuns) {
      remove(dir);
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        boolean kept =
            Files.isSymbolicLink(entry)
                && links.stream().anyMatch(l -> dir.resolve(l.inHome()).equals(entry));
        if (kept) {
          continue;
        }
        if (entry.getFileName().toString().equals(TMP)
            && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          // Emptied, not removed: one inode fewer to allocate for every run (docs/performance.md).
          try (DirectoryStream<Path> files = Files.newDirectoryStream(entry)) {
            for (Path file : files) {
              FileTrees.delete(file);
            }
          }
        } else {
          FileTrees.delete(entry);
        }
      }
      free.addFirst(dir);
    } catch (IOException e) {
      // Not reused: a later run gets a new directory.
    }
  }

  /** A token the run refreshed goes back to the user's file before its copy is deleted. */
  private void carryBack(Linked linked, Path runCopy) {
    try {
      linked.rule().carryBack(runCopy, linked.userFile());
    } catch (IOException e) {
      // The message names files, never their contents.
      warnings.add(
          "a login token "
              + agent
              + " refreshed during a run could not be saved to "
              + linked.userFile()
              + " ("
              + e.getMessage()
              + "); if "
              + agent
              + " says your login has expired, sign in again"
              + (linked.signIn().isEmpty() ? "" : " with `" + linked.signIn() + "`"));
    }
  }

  /** What went wrong carrying refreshed tokens back, once each. */
  List<String> warnings() {
    synchronized (warnings) {
      return List.copyOf(warnings);
    }
  }

  /** Removes every directory; call when no run is in flight. */
  @Override
  public synchronized void close() throws IOException {
    if (root != null) {
      free.clear();
      FileTrees.delete(root);
      lock.close();
      OWNED.remove(root);
      root = null;
    }
  }

  /** The file beside {@code dir} where the agents of its runs write their stderr. */
  private static Path stderrOf(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".stderr");
  }

  /** One run's directory; closing it hands the directory back, emptied. */
  final class Lease implements AutoCloseable {
    private final Path path;

    private Lease(Path path) {
      this.path = path;
    }

    Path path() {
      return path;
    }

    /**
     * Where the run's agent writes its stderr: beside the directory, out of the agent's sight, and
     * reused (emptied) by each run the directory serves rather than made anew.
     */
    Path stderr() {
      return stderrOf(path);
    }

    @Override
    public void close() {
      release(path);
    }
  }
}
