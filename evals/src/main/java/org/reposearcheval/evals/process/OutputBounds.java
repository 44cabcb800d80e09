package org.reposearcheval.evals.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the files the running agents write into bounded. The agents write their stdout straight
 * into the transcript and their stderr into a file of their own, so no pipe and no pump per run
 * (see docs/performance.md); one thread for every run in flight looks at the files' sizes every
 * {@link #TICK} instead: a transcript past its limit signals {@code overflow} (the run is then
 * stopped and the file cut back to the limit), and a stderr file past {@link #STDERR_TRIM_BYTES} is
 * emptied, its last {@link #TAIL_BYTES} kept in memory. Between two looks an agent may write past
 * the limit for a moment; what stays on disk is bounded.
 */
final class OutputBounds {
  /** How often the files are looked at. */
  static final Duration TICK = Duration.ofMillis(200);

  /** A stderr file is emptied past this size: only its tail is ever shown. */
  static final long STDERR_TRIM_BYTES = 1 << 20;

  /** How much of stderr is kept to explain a failure. */
  static final int TAIL_BYTES = 4096;

  private static final Set<Watched> WATCHED = ConcurrentHashMap.newKeySet();
  private static ScheduledExecutorService ticker;

  private OutputBounds() {}

  /** Watches one run's files until the returned handle is closed. */
  static Watched watch(Path transcript, long limit, Path stderr, CompletableFuture<Void> overflow) {
    Watched watched = new Watched(transcript, limit, stderr, overflow);
    WATCHED.add(watched);
    startTicking();
    return watched;
  }

  private static synchronized void startTicking() {
    if (ticker == null) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("agent-output-bounds").daemon().factory());
      ticker.scheduleWithFixedDelay(
          OutputBounds::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static void tick() {
    for (Watched watched : WATCHED) {
      try {
        watched.look();
      } catch (IOException | RuntimeException e) {
        // A file removed under a run that is ending: the next look, or the run's end, decides.
      }
    }
  }

  /** One run's files, watched. */
  static final class Watched implements AutoCloseable {
    private final Path transcript;
    private final long limit;
    private final Path stderr;
    private final CompletableFuture<Void> overflow;
    private byte[] trimmedTail = new byte[0];

    private Watched(Path transcript, long limit, Path stderr, CompletableFuture<Void> overflow) {
      this.transcript = transcript;
      this.limit = limit;
      this.stderr = stderr;
      this.overflow = overflow;
    }

    private synchronized void look() throws IOException {
      if (!overflow.isDone() && size(transcript) > limit) {
        overflow.complete(null);
      }
      if (size(stderr) > STDERR_TRIM_BYTES) {
        trimmedTail = tail(stderr);
        try (FileChannel channel = FileChannel.open(stderr, StandardOpenOption.WRITE)) {
          channel.truncate(0); // the agent appends (O_APPEND), so it goes on at the new end
        }
      }
    }

    /** The last {@link #TAIL_BYTES} the agent printed to stderr, as text. */
    synchronized String stderrTail() {
      byte[] now;
      try {
        now = tail(stderr);
      } catch (IOException e) {
        now = new byte[0];
      }
      byte[] all = new byte[trimmedTail.length + now.length];
      System.arraycopy(trimmedTail, 0, all, 0, trimmedTail.length);
      System.arraycopy(now, 0, all, trimmedTail.length, now.length);
      int from = Math.max(0, all.length - TAIL_BYTES);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8).strip();
    }

    /** Cuts the transcript back to the limit, when the agent wrote past it. */
    boolean cutToLimit() throws IOException {
      if (size(transcript) <= limit) {
        return false;
      }
      try (FileChannel channel = FileChannel.open(transcript, StandardOpenOption.WRITE)) {
        channel.truncate(limit);
      }
      return true;
    }

    @Override
    public void close() {
      WATCHED.remove(this);
    }
  }

  private static long size(Path file) throws IOException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  private static byte[] tail(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      int length = (int) Math.min(size, TAIL_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate(length);
      long position = size - length;
      while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
        // reads until the tail is in
      }
      return buffer.array();
    } catch (NoSuchFileException e) {
      return new byte[0];
    }
  }
}
