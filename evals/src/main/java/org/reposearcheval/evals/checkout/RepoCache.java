package org.reposearcheval.evals.checkout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.reposearcheval.evals.suite.Pin;
import org.reposearcheval.evals.util.FileTrees;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * One cached clone per repository ({@code git clone --mirror}, no work tree), kept between runs in
 * {@code dir} (by default {@code $XDG_CACHE_HOME/repo-search-eval/repos}, else {@code
 * ~/.cache/repo-search-eval/repos}; {@code --repo-cache DIR}). Two harness processes may share it:
 * cloning and fetching a repository hold an exclusive lock on its {@code <name>.lock} file, a clone
 * is made beside its place and renamed into it whole, and reading commits needs no lock (git adds
 * objects before it moves refs).
 */
public final class RepoCache {
  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");
  private static final Duration CLONE_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration QUICK = Duration.ofMinutes(2);

  /** In-process locks: a JVM cannot hold two file locks on one file. */
  private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final Path dir;
  private final Git git;

  /** A commit resolved: the ref as written, the commit's SHA and its tree's SHA. */
  public record Resolved(String repo, String ref, String commit, String tree) {}

  public RepoCache(Path dir, Map<String, String> environment) {
    this.dir = dir.toAbsolutePath().normalize();
    this.git = new Git(environment);
  }

  /** Kills every git the harness started: it is about to exit at once (a second Ctrl-C). */
  public static void killRunningGit() {
    Git.killAll();
  }

  /** The default cache directory for {@code environment}. */
  public static Path defaultDir(Map<String, String> environment) {
    String xdg = environment.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
    return base.resolve("repo-search-eval").resolve("repos");
  }

  public Path dir() {
    return dir;
  }

  Git git() {
    return git;
  }

  /** The cached clone of {@code repo}, where it is or will be. */
  Path cloneOf(String repo) {
    String name = repo.replaceAll("[/\\\\:]+$", "").replaceAll("\\.git$", "");
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf(':')) + 1);
    name = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return dir.resolve((name.isEmpty() ? "repo" : name) + "-" + hash(repo) + ".git");
  }

  /**
   * {@code ref} of {@code repo} as a commit: cloned first if the cache has no clone yet, fetched
   * when the clone lacks the commit, and fetched anyway for anything but a full SHA (a tag or
   * branch may have moved; offline, the cached one is used). A commit or repository that cannot be
   * had is an {@link InvalidInputException} that names it and the fix.
   */
  public Resolved resolve(String repo, String ref) throws IOException, InterruptedException {
    Path clone = ensureClone(repo);
    boolean fullSha = FULL_SHA.matcher(ref).matches();
    String commit = revParse(clone, ref);
    if (commit == null || !fullSha) {
      Git.Result fetched = locked(repo, () -> fetch(repo, clone));
      String after = revParse(clone, ref);
      if (after == null) {
        throw new InvalidInputException(notFound(repo, ref, fetched));
      }
      commit = after;
    }
    String tree = git.run(clone, QUICK, "rev-parse", commit + "^{tree}").out().strip();
    return new Resolved(repo, ref, commit, tree);
  }

  /** The clone of {@code repo}, made if it is not there yet. */
  Path ensureClone(String repo) throws IOException, InterruptedException {
    Path clone = cloneOf(repo);
    if (Files.isDirectory(clone)) {
      return clone;
    }
    if (!Pin.isUrl(repo) && !Files.isDirectory(Path.of(repo))) {
      throw new InvalidInputException(
          "repository " + repo + " does not exist (a local path, relative to the file naming it)");
    }
    locked(
        repo,
        () -> {
          if (Files.isDirectory(clone)) {
            return null;
          }
          Path partial =
              clone.resolveSibling(
                  clone.getFileName() + ".partial-" + ProcessHandle.current().pid());
          FileTrees.delete(partial);
          try {
            Git.Result cloned =
                git.run(
                    dir,
                    Map.of(),
                    CLONE_TIMEOUT,
                    java.util.List.of(
                        "clone", "--mirror", "--quiet", "--", repo, partial.toString()));
            if (!cloned.ok()) {
              throw new InvalidInputException(
                  "cannot clone "
                      + repo
                      + ": "
                      + cloned.reason()
                      + (Pin.isUrl(repo)
                          ? " (check the URL, the network and your git credentials)"
                          : ""));
            }
            Files.move(partial, clone, StandardCopyOption.ATOMIC_MOVE);
          } finally {
            FileTrees.delete(partial);
          }
          return null;
        });
    return clone;
  }

  private Git.Result fetch(String repo, Path clone) throws IOException, InterruptedException {
    return git.run(clone, CLONE_TIMEOUT, "fetch", "--quiet", "--prune", "--tags", "origin");
  }

  /** The commit {@code ref} names in {@code clone}, or null. */
  private String revParse(Path clone, String ref) throws IOException, InterruptedException {
    if (ref.startsWith("-")) {
      return null;
    }
    Git.Result parsed =
        git.run(
            clone,
            QUICK,
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            ref + "^{commit}");
    return parsed.ok() ? parsed.out().strip() : null;
  }

  private String notFound(String repo, String ref, Git.Result fetched) throws InterruptedException {
    StringBuilder why = new StringBuilder("commit ").append(ref).append(" is not in ").append(repo);
    if (!fetched.ok()) {
      why.append(" (fetching it failed: ").append(fetched.reason()).append(')');
    }
    boolean shallow = false;
    if (!Pin.isUrl(repo)) {
      try {
        shallow =
            git.run(Path.of(repo), QUICK, "rev-parse", "--is-shallow-repository")
                .out()
                .strip()
                .equals("true");
      } catch (IOException e) {
        // Not a git repository we can ask: the general advice stands.
      }
    }
    if (shallow) {
      why.append(": ")
          .append(repo)
          .append(" is a shallow clone; run `git -C ")
          .append(repo)
          .append(" fetch --unshallow` (in CI: actions/checkout with fetch-depth: 0)");
    } else {
      why.append(
          ": check the SHA or tag (git log / git tag), or fetch it into the repository (git fetch"
              + " --unshallow for a shallow clone), or point repo at the URL that has it");
    }
    return why.toString();
  }

  private interface Locked<T> {
    T run() throws IOException, InterruptedException;
  }

  /** {@code action} holding {@code repo}'s lock, in this JVM and across processes. */
  private <T> T locked(String repo, Locked<T> action) throws IOException, InterruptedException {
    FileTrees.directory(dir);
    Path lockFile = dir.resolve(cloneOf(repo).getFileName() + ".lock");
    ReentrantLock local = LOCKS.computeIfAbsent(lockFile, f -> new ReentrantLock());
    local.lockInterruptibly();
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      return action.run();
    } finally {
      local.unlock();
    }
  }

  private static String hash(String repo) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(repo.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
