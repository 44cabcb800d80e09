package org.reposearcheval.cmd;

import java.util.List;
import org.reposearcheval.evals.Schedule;
import org.reposearcheval.evals.run.AutoRuns;
import org.reposearcheval.evals.run.History;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.suite.Shard;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How often each case runs, how many at once, and which share of the suite: a group of run. */
final class ScheduleOptions {
  /** What one Claude Code run is assumed to need, for --parallel auto. */
  private static final long PER_RUN_MEMORY = 512L << 20;

  @Option(
      names = "--runs",
      paramLabel = "N|auto[:K]",
      defaultValue = "1",
      description =
          "Repetitions per case and mode; auto:K runs every case once in every mode and repeats,"
              + " in every mode, only the cases whose results differ (between the modes or"
              + " between runs), up to K runs; auto alone is auto:"
              + AutoRuns.DEFAULT_MAX
              + " (default: ${DEFAULT-VALUE}).")
  String runs;

  @Option(
      names = "--parallel",
      paramLabel = "N|auto",
      defaultValue = "1",
      description =
          "Runs in flight at once; 1 runs them one after another; auto chooses from cores and"
              + " free memory (default: ${DEFAULT-VALUE}).")
  String parallel;

  @Option(
      names = "--shard",
      paramLabel = "K/N",
      defaultValue = "1/1",
      description =
          "Run only the K-th of N balanced shares of the cases (both modes of a case stay"
              + " together); combine the shards with merge (default: ${DEFAULT-VALUE}).")
  Shard shard;

  @Option(
      names = "--history",
      paramLabel = "DIR|latest|none",
      defaultValue = Schedule.HISTORY_LATEST,
      description =
          "An earlier run of the suite whose durations start the longest jobs first (cases it"
              + " does not know first of all); latest: the latest run directory beside --output;"
              + " none: the cases' order. Results stay in case order (default:"
              + " ${DEFAULT-VALUE}).")
  String history;

  Schedule schedule(List<String> arms, long minFreeMemoryBytes, CommandLine commandLine) {
    boolean auto = runs.equals("auto") || runs.startsWith("auto:");
    return new Schedule(
        arms,
        runs(commandLine),
        parallel(minFreeMemoryBytes, commandLine),
        history(commandLine),
        auto);
  }

  /** {@code --runs}: N, or for auto[:K] the most runs a case gets. */
  private int runs(CommandLine commandLine) {
    String count =
        runs.equals("auto")
            ? String.valueOf(AutoRuns.DEFAULT_MAX)
            : runs.startsWith("auto:") ? runs.substring("auto:".length()) : runs;
    try {
      return Integer.parseInt(count);
    } catch (NumberFormatException e) {
      throw new ParameterException(
          commandLine, "--runs must be a number, auto or auto:K, got '" + runs + "'");
    }
  }

  /** {@code --history}: latest, none, or a run directory with a journal (absolute). */
  private String history(CommandLine commandLine) {
    if (history.equals(Schedule.HISTORY_LATEST) || history.equals(History.NONE)) {
      return history;
    }
    java.nio.file.Path dir = java.nio.file.Path.of(history).toAbsolutePath().normalize();
    if (!java.nio.file.Files.isRegularFile(dir.resolve(Journal.FILE))) {
      throw new ParameterException(
          commandLine,
          "--history: " + dir + " holds no " + Journal.FILE + " (a run directory, latest or none)");
    }
    return dir.toString();
  }

  /** {@code --parallel}: a number, or for auto what the machine's cores and memory allow. */
  int parallel(long minFreeMemoryBytes, CommandLine commandLine) {
    if (parallel.equals("auto")) {
      return MemoryFloor.autoParallel(minFreeMemoryBytes, PER_RUN_MEMORY);
    }
    try {
      return Integer.parseInt(parallel);
    } catch (NumberFormatException e) {
      throw new ParameterException(
          commandLine, "--parallel must be a number or auto, got '" + parallel + "'");
    }
  }
}
