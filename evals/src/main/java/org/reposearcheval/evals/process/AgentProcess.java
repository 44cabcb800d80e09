package org.reposearcheval.evals.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.reposearcheval.evals.util.Secrets;

/**
 * Starts one agent process: its input written to stdin, which is then closed, its stdout going
 * straight into the transcript file and its stderr into a file of its own. The JVM holds no pipe
 * and pumps nothing while the agent runs: every descriptor the JVM holds is one more to close in
 * each process it starts, so the cost of starting an agent grew with the number in flight
 * (docs/performance.md). {@link Spawn} starts it. {@link OutputBounds} keeps both files bounded;
 * secrets are masked in the transcript once the agent has ended. Every process it starts, and
 * everything those start, carries a run marker in its environment, by which {@link ProcessTree}
 * finds what the agent left behind. {@link AgentWatch} waits for it.
 */
public final class AgentProcess {
  /**
   * A prompt up to this size is written from the run's own thread: it fits in any pipe's buffer (16
   * KB on macOS, 64 KB on Linux), so the write never waits for the agent to read.
   */
  private static final int INLINE_INPUT_BYTES = 16 << 10;

  /** Writes larger prompts, so a run's thread never blocks on a pipe the agent does not read. */
  private static final ExecutorService FEEDERS =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("agent-stdin-", 0).daemon().stackSize(256 << 10).factory());

  /**
   * What to run: the command line, what it reads on stdin (none: stdin is closed at once), its
   * environment and working directory. {@code startsServers} when it may start MCP servers, which
   * can outlive an agent that exits by itself: then whatever still carries the run's marker is
   * killed after the exit.
   */
  public record Launch(
      List<String> command,
      byte[] input,
      Map<String, String> environment,
      Path workDir,
      boolean startsServers) {}

  /**
   * Run markers: this harness's prefix ({@link Leftovers#PREFIX}: its pid, start and a random
   * part), then a count. Unique across harnesses running at once, and telling whether the harness
   * that set one is still alive.
   */
  private static final String MARKERS = Leftovers.PREFIX;

  private static final AtomicLong RUNS = new AtomicLong();

  private AgentProcess() {}

  /**
   * Runs {@code launch} with its stdout kept in {@code transcript}, secrets masked, its stderr in a
   * file beside it that is removed again.
   */
  public static Ending run(Launch launch, Path transcript, Limits limits, Secrets secrets)
      throws IOException {
    Path stderr = transcript.resolveSibling(transcript.getFileName() + ".stderr");
    try {
      return run(launch, transcript, stderr, limits, secrets);
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  /**
   * Runs {@code launch} with its stdout kept in {@code transcript}, secrets masked, and its stderr
   * in {@code stderr} (emptied first; a file reused from run to run costs no new inode).
   */
  public static Ending run(
      Launch launch, Path transcript, Path stderr, Limits limits, Secrets secrets)
      throws IOException {
    String marker = MARKERS + Long.toString(RUNS.incrementAndGet(), 36);
    Map<String, String> env = new HashMap<>(launch.environment());
    env.put(ProcessTree.RUN_MARKER, marker);
    try (FileChannel emptied =
        FileChannel.open(
            stderr,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      // Only emptied: the agent opens it itself.
    }

    FileWriters.link();
    Leftovers.guard();
    AgentWatch watch = new AgentWatch(marker, limits, launch.startsServers(), transcript);
    Ending ending;
    try (OutputBounds.Watched bounds =
        OutputBounds.watch(transcript, limits.maxOutputBytes(), stderr, watch.overflow)) {
      Process process;
      try {
        // stderr appended, so the file can be emptied under a running agent (OutputBounds).
        process = Spawn.start(launch.command(), env, launch.workDir(), transcript, stderr);
      } catch (IOException e) {
        return new Ending.FailedToStart(e.getMessage());
      }
      RunningAgents.started(marker, process);
      try {
        feed(launch.input(), process.getOutputStream());
        ending = watch.await(process, bounds::stderrTail);
      } finally {
        RunningAgents.ended(marker);
      }
      if (bounds.cutToLimit() && ending instanceof Ending.Exited(Integer code, String tail)) {
        // It printed past the limit and exited before the next look at its file.
        ending = new Ending.OutputOverflow(limits.maxOutputBytes(), code, tail);
      }
    }
    try {
      secrets.maskFile(transcript);
    } catch (IOException e) {
      // A transcript that may hold a secret is not kept.
      Files.deleteIfExists(transcript);
      return Ending.outputLost(ending, "could not mask secrets in the transcript: " + e);
    }
    return ending;
  }

  /**
   * Writes the whole input, then closes the pipe: the end of the stream is how the agent knows the
   * prompt is complete. A prompt larger than a pipe's buffer is written by a feeder thread, so the
   * run's own thread never blocks on an agent that does not read.
   */
  private static void feed(byte[] input, OutputStream stdin) {
    if (input.length <= INLINE_INPUT_BYTES) {
      write(input, stdin);
    } else {
      FEEDERS.execute(() -> write(input, stdin));
    }
  }

  private static void write(byte[] input, OutputStream stdin) {
    try (stdin) {
      stdin.write(input);
    } catch (IOException agentStoppedReading) {
      // It exited or closed its stdin first; its exit code and stderr say why.
    }
  }

  /** Kills every running agent's process tree at once: the second Ctrl-C. */
  public static void killAll() {
    RunningAgents.killAll();
  }
}
