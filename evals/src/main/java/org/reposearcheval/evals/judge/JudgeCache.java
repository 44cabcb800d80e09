package org.reposearcheval.evals.judge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.run.Judgement;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;

/**
 * {@code judgements.jsonl} in the run directory: every readable vote a judge gave, under the key of
 * what it judged ({@link Judge#key}), appended and forced to disk as it comes. A resumed run,
 * {@code judge DIR} with the same judge, and any later report find the votes here and start no
 * judge for them. Votes that are errors are not kept: they are asked again.
 */
public final class JudgeCache implements AutoCloseable {
  public static final String FILE = "judgements.jsonl";

  /** One line of the file. */
  record Line(String key, Judgement.Vote vote) {}

  private final Map<String, List<Judgement.Vote>> votes = new HashMap<>();
  private final FileChannel channel;

  private JudgeCache(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * The cache of run directory {@code dir}, its earlier votes read; a torn last line is dropped.
   */
  public static JudgeCache open(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    JudgeCache cache =
        new JudgeCache(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    byte[] content = Files.readAllBytes(file);
    int end = content.length;
    while (end > 0 && content[end - 1] != '\n') {
      end--;
    }
    // A line torn by a harness killed while writing it is dropped: that vote is asked again.
    cache.channel.truncate(end);
    for (String text : new String(content, 0, end, StandardCharsets.UTF_8).split("\n")) {
      if (text.isBlank()) {
        continue;
      }
      try {
        Line line = Json.MAPPER.readValue(text, Line.class);
        cache.votes.computeIfAbsent(line.key(), k -> new ArrayList<>()).add(line.vote());
      } catch (JacksonException e) {
        // Not a vote this harness wrote: asked again rather than trusted.
      }
    }
    cache.channel.position(cache.channel.size());
    return cache;
  }

  /** The votes kept under {@code key}, at most {@code max}, in the order they were given. */
  synchronized List<Judgement.Vote> votes(String key, int max) {
    List<Judgement.Vote> kept = votes.getOrDefault(key, List.of());
    return List.copyOf(kept.subList(0, Math.min(max, kept.size())));
  }

  /** Keeps a readable vote under {@code key}, on disk before it returns. */
  synchronized void add(String key, Judgement.Vote vote) throws IOException {
    if (!vote.counts()) {
      return;
    }
    votes.computeIfAbsent(key, k -> new ArrayList<>()).add(vote);
    byte[] line =
        (Json.COMPACT.writeValueAsString(new Line(key, vote)) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.wrap(line);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    channel.force(false);
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
