package org.reposearcheval.evals.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a harness leaves running when it is killed itself — {@code kill -9}, the OOM killer, a CI
 * runner's last resort — and no code of its own runs any more. Every agent process, and everything
 * it starts, carries a run marker ({@link ProcessTree#RUN_MARKER}) that begins with {@link
 * #PREFIX}: this harness's pid and start time. Two things find them:
 *
 * <ul>
 *   <li>a <b>sentinel</b>, one small shell process per harness started with its first agent, that
 *       waits for the harness's end on a pipe only the harness holds; at that end (the kernel
 *       closes the pipe however the harness died) it kills every process carrying the prefix,
 *       unless the harness said it ended cleanly with no agent running. Linux offers no
 *       parent-death signal for a process started by {@code posix_spawnp} or {@link
 *       ProcessBuilder}, so this is how agents die with the harness;
 *   <li>the <b>next start</b> ({@link #killOrphans}): a harness that starts, or resumes a run,
 *       kills whatever carries the marker of a harness that is no longer alive (its pid gone, or
 *       another process's since), and says how many — for when the sentinel itself was killed too.
 * </ul>
 */
public final class Leftovers {
  /**
   * This harness's start of every run marker: {@code <pid>-<start, epoch ms>-<random>-}. Unique
   * across harnesses running at once, and telling whether the harness that set it is alive.
   */
  static final String PREFIX =
      ProcessHandle.current().pid()
          + "-"
          + startMillis(ProcessHandle.current())
          + "-"
          + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
          + "-";

  /**
   * The switch that leaves the sentinel out ({@code off}): the orphans of a killed harness then
   * stay until the next start, which is how that sweep is tested.
   */
  public static final String SENTINEL_SWITCH = "REPO_SEARCH_EVAL_SENTINEL";

  /**
   * Reads until the harness's end; "clean" means nothing is left. Otherwise one {@code grep} over
   * every process's environment (entries NUL-separated) finds the marked ones. It ignores the
   * signals a terminal or a process group gets, which the harness handles itself.
   */
  private static final String SENTINEL_SCRIPT =
      """
      trap '' INT TERM HUP QUIT
      while IFS= read -r line; do [ "$line" = clean ] && exit 0; done
      for f in $(grep -l -s -z -a -E "^%s=$1" /proc/[0-9]*/environ); do
        p=${f#/proc/}; kill -KILL "${p%%/environ}" 2>/dev/null
      done
      """
          .formatted(ProcessTree.RUN_MARKER);

  private Leftovers() {}

  private static final class Sentinel {
    static final OutputStream PIPE = start();

    private static OutputStream start() {
      if (!CLibrary.linux() || "off".equals(System.getenv(SENTINEL_SWITCH))) {
        return null;
      }
      try {
        ProcessBuilder builder =
            new ProcessBuilder("bash", "-c", SENTINEL_SCRIPT, "repo-search-eval-sentinel", PREFIX)
                .directory(new java.io.File("/")) // holds no directory of the run's
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().retainAll(List.of("PATH"));
        OutputStream pipe = builder.start().getOutputStream();
        Runtime.getRuntime()
            .addShutdownHook(
                Thread.ofPlatform().name("sentinel-clean").unstarted(() -> clean(pipe)));
        return pipe;
      } catch (IOException | RuntimeException e) {
        return null; // no bash: the next start's sweep is what is left
      }
    }

    private static void clean(OutputStream pipe) {
      if (RunningAgents.none()) {
        try {
          pipe.write("clean\n".getBytes(StandardCharsets.US_ASCII));
          pipe.flush();
        } catch (IOException e) {
          // The sentinel is gone: nothing to tell.
        }
      }
    }
  }

  /** Starts the sentinel, once, before the first agent; whether one is watching. */
  static boolean guard() {
    return Sentinel.PIPE != null; // reading the holder's field is what starts it
  }

  /**
   * Kills every process carrying the run marker of a harness that is no longer alive; how many. One
   * scan of {@code /proc}; markers of this harness and of live ones are left alone.
   */
  public static int killOrphans() {
    List<ProcessHandle> orphans =
        ProcessTree.markedWhere(marker -> !marker.startsWith(PREFIX) && ownerDead(marker));
    orphans.forEach(ProcessHandle::destroyForcibly);
    return orphans.size();
  }

  /** Whether the harness that set {@code marker} has ended (an unreadable marker: not known). */
  static boolean ownerDead(String marker) {
    String[] parts = marker.split("-");
    if (parts.length < 4) {
      return false; // not a marker this version of the harness writes
    }
    try {
      long pid = Long.parseLong(parts[0]);
      long start = Long.parseLong(parts[1]);
      return ProcessHandle.of(pid).map(owner -> startMillis(owner) != start).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static long startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }
}
