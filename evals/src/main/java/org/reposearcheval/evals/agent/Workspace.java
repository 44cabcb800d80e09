package org.reposearcheval.evals.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.reposearcheval.evals.util.FileTrees;

/**
 * The directory the agents work in. When the cases or the run directories live inside the
 * repository, an agent could simply grep the expected answers; then the agents get a copy of the
 * repository's files without them (git's tracked and unignored files when the repository is a git
 * work tree, every file otherwise). Otherwise they work in the repository itself.
 */
public final class Workspace implements AutoCloseable {
  private static final Duration GIT_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final List<String> hidden;

  private Workspace(Path dir, List<String> hidden) {
    this.dir = dir;
    this.hidden = List.copyOf(hidden);
  }

  /** Where the agents run. */
  public Path dir() {
    return dir;
  }

  /** Paths, relative to the repository, that the agents cannot see; empty when not a copy. */
  public List<String> hidden() {
    return hidden;
  }

  public static Workspace prepare(Path repo, List<Path> privatePaths) throws IOException {
    Path root = repo.toRealPath();
    List<Path> inside = new ArrayList<>();
    for (Path path : privatePaths) {
      Path absolute = realOrAbsolute(path);
      if (absolute.startsWith(root) && !absolute.equals(root)) {
        inside.add(absolute);
      }
    }
    if (inside.isEmpty()) {
      return new Workspace(root, List.of());
    }
    Path copy = Files.createTempDirectory("repo-search-eval-workspace-");
    for (Path file : listFiles(root, inside)) {
      Path absolute = root.resolve(file);
      if (inside.stream().anyMatch(absolute::startsWith)
          || !Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)
          || Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Path target = copy.resolve(file.toString());
      Files.createDirectories(target.getParent());
      Files.copy(absolute, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
    }
    return new Workspace(copy, inside.stream().map(p -> root.relativize(p).toString()).toList());
  }

  private static Path realOrAbsolute(Path path) throws IOException {
    Path absolute = path.toAbsolutePath().normalize();
    // The run directory may not exist yet; its nearest existing ancestor decides where it lies.
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing == null
        ? absolute
        : existing.toRealPath().resolve(existing.relativize(absolute));
  }

  /**
   * Files relative to {@code root}: from git when it is a work tree, else by walking it. Git runs
   * through Commons Exec, whose watchdog bounds a git that hangs (a lock, a slow file system).
   */
  private static List<Path> listFiles(Path root, List<Path> hidden) throws IOException {
    CommandLine git =
        new CommandLine("git")
            .addArguments(
                new String[] {
                  "-C",
                  root.toString(),
                  "ls-files",
                  "-z",
                  "--cached",
                  "--others",
                  "--exclude-standard"
                },
                false);
    ByteArrayOutputStream listing = new ByteArrayOutputStream();
    ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(GIT_TIMEOUT).get();
    DefaultExecutor executor = DefaultExecutor.builder().get();
    executor.setStreamHandler(new PumpStreamHandler(listing, OutputStream.nullOutputStream()));
    executor.setWatchdog(watchdog);
    executor.setExitValues(null);
    try {
      int exit = executor.execute(git);
      if (exit == 0 && !watchdog.killedProcess()) {
        return Stream.of(listing.toString(StandardCharsets.UTF_8).split("\0"))
            .filter(s -> !s.isEmpty())
            .map(Path::of)
            .toList();
      }
    } catch (IOException e) {
      // No git on this machine: walk the tree instead.
    }
    return walk(root, hidden);
  }

  /**
   * Every file under {@code root}, not descending into {@code hidden} (the run directories, where
   * the harness writes while the walk goes on: a file renamed away mid-walk must not fail it) nor
   * into {@code .git}; a file that vanishes while walked is simply not listed.
   */
  private static List<Path> walk(Path root, List<Path> hidden) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return hidden.contains(dir) || dir.equals(root.resolve(".git"))
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!attrs.isDirectory()) {
              files.add(root.relativize(file));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return files;
  }

  @Override
  public void close() throws IOException {
    if (hidden.isEmpty()) {
      return;
    }
    FileTrees.delete(dir);
  }
}
