package org.reposearcheval.evals.checkout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * One tree the agents work in, shared by every run that asks about it, and kept as it was made: a
 * run leases it, and when the run ends its file list, sizes and modification times are compared
 * with the tree as made (the {@code .git} directory aside: git writes its index when merely asked
 * for the status). A run that changed it is told the changed paths; once no run uses it any more it
 * is made again, and runs that would start meanwhile wait for that.
 */
public final class Checkout {
  /** Makes the tree in an empty directory, again after a run changed it. */
  interface Maker {
    void make(Path dir) throws IOException, InterruptedException;

    /**
     * Paths the harness itself wrote after checking the tree out (an MCP server's index, made by
     * its prepare step): they, and whatever later appears under them, are no run's change.
     */
    default Set<String> written() {
      return Set.of();
    }
  }

  private final Path dir;
  private final Maker maker;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition restored = lock.newCondition();
  private Map<String, String> made;
  private int users;
  private boolean changed;
  private int restorations;

  private Checkout(Path dir, Maker maker) {
    this.dir = dir;
    this.maker = maker;
  }

  /** Makes the tree in {@code dir} (which must not exist yet) with {@code maker}. */
  static Checkout make(Path dir, Maker maker) throws IOException, InterruptedException {
    Checkout checkout = new Checkout(dir, maker);
    Files.createDirectories(dir);
    maker.make(dir);
    checkout.made = snapshot(dir);
    return checkout;
  }

  /** The tree {@code maker} made in {@code dir} before (a cached one), as it is now. */
  static Checkout existing(Path dir, Maker maker) throws IOException {
    Checkout checkout = new Checkout(dir, maker);
    checkout.made = snapshot(dir);
    return checkout;
  }

  /** Where the tree is. */
  public Path dir() {
    return dir;
  }

  /** How often a run's changes were undone. */
  public int restorations() {
    lock.lock();
    try {
      return restorations;
    } finally {
      lock.unlock();
    }
  }

  /** The tree for one run, as it was made; waits while a changed tree waits to be made again. */
  public Lease lease() throws IOException, InterruptedException {
    lock.lockInterruptibly();
    try {
      while (changed && users > 0) {
        restored.await();
      }
      if (changed) {
        restore();
      }
      users++;
    } finally {
      lock.unlock();
    }
    return new Lease();
  }

  /** One run's use of the tree; {@link #close()} says what the run changed. */
  public final class Lease implements AutoCloseable {
    private List<String> changedPaths;

    private Lease() {}

    public Path dir() {
      return dir;
    }

    /**
     * Ends the run's use: the paths it (or a run beside it) added, removed or changed, sorted;
     * empty when the tree is as it was made. Idempotent.
     */
    @Override
    public synchronized void close() {
      if (changedPaths != null) {
        return;
      }
      List<String> found;
      try {
        found = differences(made, snapshot(dir), maker.written());
      } catch (IOException e) {
        found = List.of("(the tree could not be read: " + e.getMessage() + ")");
      }
      changedPaths = found;
      lock.lock();
      try {
        changed |= !found.isEmpty();
        users--;
        if (users == 0 && changed) {
          try {
            restore();
          } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
              Thread.currentThread().interrupt();
            }
            // The next lease tries again, and fails its run if it cannot.
          }
        }
      } finally {
        lock.unlock();
      }
    }

    /** What the run changed; empty when nothing. Closes the lease first. */
    public List<String> changed() {
      close();
      return changedPaths;
    }
  }

  /** Makes the tree again; called holding the lock with no run using it. */
  private void restore() throws IOException, InterruptedException {
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : children.toList()) {
        org.reposearcheval.evals.util.FileTrees.delete(child);
      }
    }
    maker.make(dir);
    made = snapshot(dir);
    changed = false;
    restorations++;
    restored.signalAll();
  }

  /** Every path under {@code dir} but {@code .git}, with its type, size and modification time. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    Path git = dir.resolve(".git");
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) tree::iterator) {
        if (path.equals(dir) || path.startsWith(git)) {
          continue;
        }
        BasicFileAttributes a =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        // A directory's own time changes when a file in it comes and goes again: not a change.
        entries.put(
            dir.relativize(path).toString(),
            a.isDirectory()
                ? "d"
                : (a.isSymbolicLink() ? "l:" : "f:")
                    + a.size()
                    + ":"
                    + a.lastModifiedTime().toMillis());
      }
    }
    return entries;
  }

  /**
   * Paths added, removed or changed between two snapshots, sorted, but for those in {@code exempt}
   * and under them.
   */
  static List<String> differences(
      Map<String, String> before, Map<String, String> after, Set<String> exempt) {
    return differences(before, after).stream().filter(path -> !exempt(path, exempt)).toList();
  }

  private static boolean exempt(String path, Set<String> exempt) {
    if (exempt.isEmpty()) {
      return false;
    }
    for (String p = path; p != null; p = parent(p)) {
      if (exempt.contains(p)) {
        return true;
      }
    }
    return false;
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? null : path.substring(0, slash);
  }

  /** Paths added, removed or changed between two snapshots, sorted. */
  static List<String> differences(Map<String, String> before, Map<String, String> after) {
    TreeSet<String> paths = new TreeSet<>();
    before.forEach(
        (path, what) -> {
          if (!Objects.equals(what, after.get(path))) {
            paths.add(path);
          }
        });
    after.keySet().stream().filter(p -> !before.containsKey(p)).forEach(paths::add);
    return new ArrayList<>(paths);
  }
}
