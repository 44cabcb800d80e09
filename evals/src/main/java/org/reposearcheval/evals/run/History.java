package org.reposearcheval.evals.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How long each case took in each arm in an earlier run of the suite ({@code --history}), and what
 * it cost: the means over its runs that ended with a verdict, an error or a timeout, by case and
 * arm, read from that run's journal. What the scheduler orders jobs by ({@link StartOrder}); an
 * estimate, never a result.
 *
 * @param dir the run directory it was read from; null for none
 */
public record History(
    Path dir, Map<String, Double> meanDurationMs, Map<String, Double> meanCostUsd) {
  /** The value of {@code --history} that turns it off. */
  public static final String NONE = "none";

  public History {
    meanDurationMs = Map.copyOf(meanDurationMs);
    meanCostUsd = Map.copyOf(meanCostUsd);
  }

  public static History none() {
    return new History(null, Map.of(), Map.of());
  }

  /** The earlier run's mean cost of {@code job}'s case in its arm; null when it has none. */
  public Double expectedCostUsd(Job job) {
    return meanCostUsd.get(key(job.testCase().id(), job.arm().name()));
  }

  /** The earlier run's mean duration of {@code job}'s case in its arm; null when it has none. */
  public Double expectedMs(Job job) {
    return meanDurationMs.get(key(job.testCase().id(), job.arm().name()));
  }

  /** The durations in the journal of {@code runDir}; no journal, no history. */
  public static History read(Path runDir) throws IOException {
    Map<String, double[]> durations = new HashMap<>();
    Map<String, double[]> costs = new HashMap<>();
    for (RunResult r : Journal.read(runDir).results()) {
      if (r.status() == RunStatus.CANCELLED || r.status() == RunStatus.INVALID) {
        continue; // not how long the case takes
      }
      String key = key(r.key().caseId(), r.key().arm());
      add(durations, key, r.durationMs());
      if (r.costUsd() != null) {
        add(costs, key, r.costUsd());
      }
    }
    return new History(runDir, means(durations), means(costs));
  }

  private static void add(Map<String, double[]> sums, String key, double value) {
    double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
    sum[0] += value;
    sum[1]++;
  }

  private static Map<String, Double> means(Map<String, double[]> sums) {
    Map<String, Double> means = new HashMap<>();
    sums.forEach((k, s) -> means.put(k, s[0] / s[1]));
    return means;
  }

  /**
   * The latest run directory in {@code parent} other than {@code output}: the one whose journal was
   * written last. Empty when there is none.
   */
  public static Optional<Path> latest(Path parent, Path output) throws IOException {
    if (parent == null || !Files.isDirectory(parent)) {
      return Optional.empty();
    }
    Path self = output.toAbsolutePath().normalize();
    try (Stream<Path> dirs = Files.list(parent)) {
      return dirs.filter(d -> !d.toAbsolutePath().normalize().equals(self))
          .filter(d -> Files.isRegularFile(d.resolve(Journal.FILE)))
          .max(
              java.util.Comparator.comparing(
                  d -> {
                    try {
                      return Files.getLastModifiedTime(d.resolve(Journal.FILE));
                    } catch (IOException e) {
                      return java.nio.file.attribute.FileTime.fromMillis(0);
                    }
                  }));
    }
  }

  private static String key(String caseId, String arm) {
    return caseId + "\u0000" + arm;
  }
}
