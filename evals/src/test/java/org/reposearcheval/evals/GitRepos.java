package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real git repositories made by tests: files committed one commit at a time, tags, SHAs. */
public final class GitRepos {
  private GitRepos() {}

  /** A new repository at {@code dir} with nothing committed yet. */
  public static Path init(Path dir) throws IOException {
    Files.createDirectories(dir);
    git(dir, "init", "--quiet", "--initial-branch=main");
    return dir;
  }

  /** Writes {@code files} (path → content) and commits them; returns the commit's SHA. */
  public static String commit(Path repo, Map<String, String> files, String message)
      throws IOException {
    for (var file : files.entrySet()) {
      Path path = repo.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    git(repo, "add", "--all");
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message);
    return git(repo, "rev-parse", "HEAD").strip();
  }

  /** Points {@code tag} at {@code commit}, moving it if it exists. */
  public static void tag(Path repo, String tag, String commit) throws IOException {
    git(repo, "tag", "--force", tag, commit);
  }

  /** Runs git in {@code dir}; its output, or an exception with its error output. */
  public static String git(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("GIT_AUTHOR_NAME", "Test");
    env.put("GIT_AUTHOR_EMAIL", "test@example.com");
    env.put("GIT_COMMITTER_NAME", "Test");
    env.put("GIT_COMMITTER_EMAIL", "test@example.com");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    // The output goes to a file, read after the bounded wait: reading the pipe to its end first
    // would wait for as long as anything holds it, the bound below notwithstanding.
    Path output = Files.createTempFile("git-", ".out");
    try {
      Process process = builder.redirectOutput(output.toFile()).start();
      process.getOutputStream().close();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IOException("git " + String.join(" ", args) + " hung");
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      String out = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException("git " + String.join(" ", args) + ": " + out);
      }
      return out;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
