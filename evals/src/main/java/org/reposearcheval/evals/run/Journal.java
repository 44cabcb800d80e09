package org.reposearcheval.evals.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;

/**
 * {@code results.jsonl}: every finished run, one JSON object per line, appended and forced to disk
 * the moment it finishes, so a crash, a kill -9 or a closed laptop loses nothing that finished. The
 * reports are derived from it. Cancelled runs are not journaled: a resumed run starts them again.
 */
public final class Journal implements AutoCloseable {
  public static final String FILE = "results.jsonl";

  private final FileChannel channel;
  private final Object forcing = new Object();

  /** Lines written, and lines known to be on disk. */
  private long written;

  private long forced;

  private Journal(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Opens the journal of run directory {@code dir} for appending, creating it if needed. A torn
   * last line is cut off first, so the next line starts on a line of its own.
   */
  public static Journal open(Path dir) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve(FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    channel.truncate(endOfLastLine(channel));
    channel.position(channel.size());
    return new Journal(channel);
  }

  private static long endOfLastLine(FileChannel channel) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    for (long position = channel.size() - 1; position >= 0; position--) {
      one.clear();
      channel.read(one, position);
      if (one.get(0) == '\n') {
        return position + 1;
      }
    }
    return 0;
  }

  /**
   * Appends one finished run and forces it to disk before returning; cancelled runs are skipped.
   * Runs that finish together share one force (group commit): a thread that waited for another's
   * force finds its own line already on disk.
   */
  public void append(RunResult result) throws IOException {
    if (result.status() == RunStatus.CANCELLED) {
      return;
    }
    byte[] line = (Json.COMPACT.writeValueAsString(result) + "\n").getBytes(StandardCharsets.UTF_8);
    long mine;
    synchronized (this) {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      mine = ++written;
    }
    synchronized (forcing) {
      if (forced >= mine) {
        return;
      }
      long upTo;
      synchronized (this) {
        upTo = written;
      }
      channel.force(false);
      forced = upTo;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  /** What a journal holds, and what had to be dropped to read it. */
  public record Contents(List<RunResult> results, List<String> warnings) {}

  /**
   * Reads the journal of {@code dir}. A torn last line (the harness was killed mid-write) is
   * dropped with a warning; a bad line anywhere else means the file was damaged, which is an error.
   */
  public static Contents read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return new Contents(List.of(), List.of());
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<RunResult> results = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        results.add(Json.COMPACT.readValue(line, RunResult.class));
      } catch (JacksonException e) {
        if (i == lines.size() - 1) {
          warnings.add(file + ": dropped a torn last line (" + line.length() + " characters)");
        } else {
          throw new InvalidInputException(
              file, "line " + (i + 1), "not a run result: " + Json.describe(e));
        }
      }
    }
    return new Contents(results, warnings);
  }
}
