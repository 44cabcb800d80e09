package org.reposearcheval.evals.checkout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.suite.McpConfig;

/**
 * One tree prepared one way: its steps so far, the arms that asked for it, and, while this harness
 * uses it, the lock on its place in the cache.
 */
final class PreparedEntry {
  final Checkouts.Tree tree;
  final McpConfig config;
  final int number;
  final String key;
  final ReentrantLock lock = new ReentrantLock();
  final Set<String> arms = Collections.synchronizedSet(new LinkedHashSet<>());
  final List<StepRecord> steps = new ArrayList<>();
  Checkout checkout;
  volatile String failure;
  private FileChannel channel;
  private FileLock fileLock;

  PreparedEntry(Checkouts.Tree tree, McpConfig config, int number, String key) {
    this.tree = tree;
    this.config = config;
    this.number = number;
    this.key = key;
  }

  void record(StepRecord step) {
    synchronized (steps) {
      steps.add(step);
    }
  }

  Preparation preparation(StepRecord step) {
    return new Preparation(
        step.server(),
        tree.toString(),
        List.copyOf(arms),
        step.status(),
        step.durationMs(),
        step.exitCode(),
        step.output());
  }

  /**
   * Where this checkout lives in the cache under {@code base}, locked for this harness; null while
   * another harness holds it (this one then prepares a checkout of its own).
   */
  Path lockCache(Path base) throws IOException {
    FileChannel opened =
        FileChannel.open(
            base.resolve(key + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock locked;
    try {
      locked = opened.tryLock();
    } catch (OverlappingFileLockException e) {
      locked = null;
    }
    if (locked == null) {
      opened.close();
      return null;
    }
    channel = opened;
    fileLock = locked;
    return Files.createDirectories(base.resolve(key)).resolve("tree");
  }

  /** Lets other harnesses use the cached checkout. */
  void release() {
    try {
      if (fileLock != null) {
        fileLock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // Closing the channel releases the lock; the process ending does too.
    }
  }
}
