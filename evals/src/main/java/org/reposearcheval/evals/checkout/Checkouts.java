package org.reposearcheval.evals.checkout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.reposearcheval.evals.util.FileTrees;

/**
 * The trees of one evaluation: one checkout per repository and commit, made from the cached clones
 * before the first agent starts, several at once, and removed when the evaluation ends, however it
 * ends. They live in one directory of the system temp directory, {@code
 * repo-search-eval-checkouts-*}, whose {@code owner} file names the harness process (pid and start
 * time): a harness that starts removes those whose owner is gone (killed with -9, crashed).
 */
public final class Checkouts implements AutoCloseable {
  public static final String PREFIX = "repo-search-eval-checkouts-";
  static final String OWNER = "owner";
  private static final Duration GIT_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration UNMARKED_GRACE = Duration.ofMinutes(1);

  /**
   * One tree to make: {@code commit} (a full SHA) of {@code repo}, with its {@code .git} when
   * {@code git}, without {@code hidden} (paths relative to its root, such as the suite's own
   * directory when the suite lives in the repository).
   */
  public record Tree(String repo, String commit, boolean git, List<String> hidden) {
    public Tree {
      hidden = List.copyOf(hidden);
    }

    @Override
    public String toString() {
      return repo + "@" + commit.substring(0, Math.min(12, commit.length()));
    }
  }

  /** Progress while the trees are made: each as it is done, with how long it took. */
  public interface Progress {
    Progress NONE = (tree, done, total, took) -> {};

    void made(Tree tree, int done, int total, Duration took);
  }

  private final Map<Tree, Checkout> trees;
  private Path root;
  private Checkout empty;

  private Checkouts(Map<Tree, Checkout> trees) {
    this.trees = trees;
  }

  /** No tree at all (yet): an empty directory, if asked for, is made when first asked. */
  public static Checkouts none() {
    return new Checkouts(new LinkedHashMap<>());
  }

  /**
   * The directory that holds this evaluation's trees, made with its owner file when first asked.
   */
  public synchronized Path root() throws IOException {
    if (root == null) {
      removeAbandoned(tempDir());
      Path dir = Files.createTempDirectory(PREFIX);
      root = dir;
      ProcessHandle self = ProcessHandle.current();
      Files.writeString(
          dir.resolve(OWNER),
          self.pid() + " " + self.info().startInstant().map(Instant::toString).orElse("") + "\n");
    }
    return root;
  }

  /**
   * Makes every one of {@code trees} from {@code cache}, at most {@code parallel} at once. When one
   * cannot be made, or the calling thread is interrupted (Ctrl-C), the git processes are killed,
   * whatever was made is removed, and the failure is thrown.
   */
  public static Checkouts make(RepoCache cache, List<Tree> trees, int parallel, Progress progress)
      throws IOException, InterruptedException {
    Checkouts made = none();
    if (trees.isEmpty()) {
      return made;
    }
    try {
      Path root = made.root();
      Semaphore permits = new Semaphore(Math.max(1, parallel));
      AtomicInteger done = new AtomicInteger();
      Map<Tree, Future<Checkout>> futures = new LinkedHashMap<>();
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Tree> distinct = trees.stream().distinct().toList();
        int total = distinct.size();
        int n = 0;
        for (Tree tree : distinct) {
          Path dir = root.resolve("tree-" + ++n);
          futures.put(
              tree,
              threads.submit(
                  () -> {
                    permits.acquire();
                    try {
                      long start = System.nanoTime();
                      Checkout checkout = Checkout.make(dir, d -> checkOut(cache, tree, d, root));
                      progress.made(
                          tree,
                          done.incrementAndGet(),
                          total,
                          Duration.ofNanos(System.nanoTime() - start));
                      return checkout;
                    } finally {
                      permits.release();
                    }
                  }));
        }
        try {
          for (var entry : futures.entrySet()) {
            made.trees.put(entry.getKey(), entry.getValue().get());
          }
        } catch (InterruptedException | ExecutionException e) {
          threads.shutdownNow();
          threads.awaitTermination(1, TimeUnit.MINUTES);
          if (e instanceof ExecutionException failed) {
            switch (failed.getCause()) {
              case IOException io -> throw io;
              case InterruptedException interrupted -> throw interrupted;
              case RuntimeException runtime -> throw runtime;
              default -> throw new IOException(failed.getCause());
            }
          }
          throw (InterruptedException) e;
        }
      }
      return made;
    } catch (IOException | InterruptedException | RuntimeException e) {
      made.close();
      throw e;
    }
  }

  /** The tree made for {@code tree}. */
  public Checkout get(Tree tree) {
    Checkout checkout = trees.get(tree);
    if (checkout == null) {
      throw new IllegalArgumentException("no checkout of " + tree);
    }
    return checkout;
  }

  /** Every tree made, in the order asked. */
  public Map<Tree, Checkout> all() {
    return java.util.Collections.unmodifiableMap(trees);
  }

  /** An empty directory, kept empty: for runs that get no repository. */
  public synchronized Checkout empty() throws IOException {
    if (empty == null) {
      try {
        empty = Checkout.make(root().resolve("empty"), dir -> {});
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted making an empty directory");
      }
    }
    return empty;
  }

  /** Removes every tree and the directory that held them. */
  @Override
  public synchronized void close() throws IOException {
    if (root != null) {
      FileTrees.delete(root);
    }
  }

  /** Checks {@code tree} out of its cached clone into the empty directory {@code dir}. */
  static void checkOut(RepoCache cache, Tree tree, Path dir, Path scratch)
      throws IOException, InterruptedException {
    Path clone = cache.ensureClone(tree.repo());
    Git git = cache.git();
    Git.Result result;
    if (tree.git()) {
      result =
          git.run(
              dir,
              Map.of(),
              GIT_TIMEOUT,
              List.of("clone", "--quiet", "--no-checkout", "--", clone.toString(), "."));
      if (result.ok()) {
        result = git.run(dir, GIT_TIMEOUT, "checkout", "--quiet", "--detach", tree.commit());
      }
      for (String hidden : tree.hidden()) {
        FileTrees.delete(dir.resolve(hidden));
      }
    } else {
      Path index = Files.createTempFile(scratch, "index-", "");
      try {
        Files.delete(index);
        List<String> args =
            new ArrayList<>(
                List.of(
                    "--git-dir=" + clone,
                    "--work-tree=" + dir,
                    "-c",
                    "core.hooksPath=/dev/null",
                    "checkout",
                    "--force",
                    tree.commit(),
                    "--",
                    "."));
        tree.hidden().forEach(h -> args.add(":(exclude)" + h));
        result = git.run(dir, Map.of("GIT_INDEX_FILE", index.toString()), GIT_TIMEOUT, args);
      } finally {
        Files.deleteIfExists(index);
      }
    }
    if (!result.ok()) {
      throw new IOException("cannot check out " + tree + ": " + result.reason());
    }
  }

  /** The system temp directory, where every harness keeps its checkouts. */
  static Path tempDir() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /**
   * Removes the checkouts of harnesses that are gone: their {@code owner} names a process that no
   * longer runs (or another process that took its pid since). A directory without an owner file yet
   * is left alone for a minute.
   */
  public static void removeAbandoned(Path tempDir) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tempDir, PREFIX + "*")) {
      for (Path dir : dirs) {
        try {
          if (abandoned(dir)) {
            FileTrees.delete(dir);
          }
        } catch (IOException e) {
          // Another harness removing it at the same time, or not ours to remove: leave it.
        }
      }
    } catch (IOException e) {
      // Tidying up is a courtesy; the run goes on.
    }
  }

  private static boolean abandoned(Path dir) throws IOException {
    Path owner = dir.resolve(OWNER);
    if (!Files.exists(owner)) {
      return Files.getLastModifiedTime(dir)
          .toInstant()
          .isBefore(Instant.now().minus(UNMARKED_GRACE));
    }
    String[] words = Files.readString(owner).strip().split(" ");
    long pid;
    try {
      pid = Long.parseLong(words[0]);
    } catch (NumberFormatException e) {
      return true;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    String started = process.get().info().startInstant().map(Instant::toString).orElse("");
    return words.length > 1 && !started.isEmpty() && !words[1].equals(started);
  }
}
