package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.util.FileTrees;

/**
 * A run of a job set up but not started, as {@code --dry-run} shows it: how it would start, where
 * it would work, and what the adapter wrote into its private home ({@code home}, a temporary
 * directory removed again): each directory, and each file with its content, by its path relative to
 * the home.
 */
public record Rehearsal(
    AgentCli.Invocation invocation,
    Path home,
    Path workDir,
    List<Path> directories,
    Map<Path, String> files) {

  /** Sets up a run of {@code job} in a temporary home, working in {@code repo}. */
  static Rehearsal of(RunSetups setups, Job job, Path repo) throws IOException {
    Path home = Files.createTempDirectory(ConfigDirs.POOL_PREFIX + "dry-run-");
    try {
      AgentCli.RunSetup setup = setups.setup(job, home, repo);
      Files.createDirectories(setup.tmp());
      AgentCli.Invocation invocation = setups.cli(job).invocation(setup);
      List<Path> directories = new ArrayList<>();
      Map<Path, String> files = new TreeMap<>();
      try (var walk = Files.walk(home)) {
        for (Path path : walk.sorted().toList()) {
          if (path.equals(home)) {
            continue;
          }
          if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            directories.add(home.relativize(path));
          } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            files.put(home.relativize(path), Files.readString(path));
          }
        }
      }
      return new Rehearsal(invocation, home, setup.workDir(), directories, files);
    } finally {
      FileTrees.delete(home);
    }
  }
}
