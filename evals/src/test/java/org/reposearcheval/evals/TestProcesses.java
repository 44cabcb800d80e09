package org.reposearcheval.evals;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.reposearcheval.evals.process.ProcessTree;

/**
 * The processes of one test's runs, found in {@code /proc} by what they inherit and where they
 * work: a tag the test puts in the harness's environment, which every process the harness starts
 * inherits, and the test's directory as working directory or argument. Nothing here asks the
 * harness, whose cleanup is what the tests check.
 */
public final class TestProcesses {
  static final String TAG = "REPO_SEARCH_EVAL_IT_TAG";

  private final String tag = UUID.randomUUID().toString();
  private final Path dir;

  public TestProcesses(Path dir) {
    this.dir = dir;
  }

  /** Tags {@code environment}, the one the harness is started with; returns it. */
  public Map<String, String> tag(Map<String, String> environment) {
    environment.put(TAG, tag);
    return environment;
  }

  /** This test's processes alive now. */
  public List<LiveProcess> alive() {
    return LiveProcess.all().stream().filter(p -> p.hasEnv(TAG, tag) || p.touches(dir)).toList();
  }

  /**
   * Waits until {@link #alive()} shows the run in flight as {@code ready} describes it, counting
   * only processes that show every sign at once: the tag, the harness's run marker, and {@code
   * workDir} as working directory. So a later "nothing left" is a finding, not the result of a scan
   * that could not see the run at all.
   */
  public List<LiveProcess> awaitInFlight(
      Path workDir, Predicate<List<LiveProcess>> ready, Duration within) {
    String cwd;
    try {
      cwd = workDir.toRealPath().toString(); // as /proc shows it
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<LiveProcess> seen = new ArrayList<>();
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              List<LiveProcess> now =
                  alive().stream()
                      .filter(p -> p.hasEnv(TAG, tag) && p.setsEnv(ProcessTree.RUN_MARKER))
                      .filter(p -> p.cwd().equals(cwd))
                      .toList();
              seen.clear();
              seen.addAll(now);
              return ready.test(now);
            });
    return List.copyOf(seen);
  }

  /** Kills what is left of this test's processes: a failing test leaves none to the next. */
  public void killAll() {
    alive().forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
  }

  /** How many of {@code processes} run {@code program}, e.g. {@code claude}. */
  public static long running(List<LiveProcess> processes, String program) {
    return processes.stream().filter(p -> p.runs(program)).count();
  }
}
