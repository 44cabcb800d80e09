package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportFiles;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * {@code merge}: combines the run directories of the shards of one suite into one run directory, as
 * if it had run unsharded: results in the global index order, summaries recomputed, every report
 * format written. Shards from different suites, settings or shard counts, a missing or duplicated
 * shard, and overlapping results are refused.
 */
public final class ShardMerge {
  private ShardMerge() {}

  private record Key(String caseId, String mode, int run) {}

  private record ShardRun(Path dir, RunManifest manifest, Report report, Shard shard) {}

  public static Report merge(List<Path> dirs, Path output) throws IOException {
    List<ShardRun> shards = new ArrayList<>();
    for (Path dir : dirs) {
      RunManifest manifest = RunManifest.read(dir);
      Path reportFile = dir.resolve(ReportWriter.JSON);
      if (!Files.isRegularFile(reportFile)) {
        throw new InvalidInputException(
            reportFile + ": shard has no report; finish it with run --resume " + dir);
      }
      shards.add(
          new ShardRun(
              dir,
              manifest,
              ReportFiles.read(reportFile),
              Shard.parse(manifest.settings().shard())));
    }
    checkTheyBelongTogether(shards);
    Preflight.freshOutput(output);

    RunManifest first = shards.getFirst().manifest();
    List<String> caseIds = first.caseFingerprints().keySet().stream().sorted().toList();
    List<String> modes = first.settings().modes();
    Map<Key, Integer> globalIndex = new HashMap<>();
    for (String caseId : caseIds) {
      for (int run = 1; run <= first.settings().runs(); run++) {
        for (String mode : modes) {
          globalIndex.put(new Key(caseId, mode, run), globalIndex.size());
        }
      }
    }
    RunResult[] merged = new RunResult[globalIndex.size()];
    Map<Key, Path> from = new HashMap<>();
    for (ShardRun shard : shards) {
      for (RunResult r : shard.report().rawResults()) {
        Key key = new Key(r.caseId(), r.mode(), r.run());
        Integer index = globalIndex.get(key);
        if (index == null) {
          throw new InvalidInputException(
              shard.dir() + ": result " + key + " is not part of the suite's plan");
        }
        Path earlier = from.putIfAbsent(key, shard.dir());
        if (earlier != null) {
          throw new InvalidInputException(
              "overlapping results: " + key + " is in both " + earlier + " and " + shard.dir());
        }
        merged[index] = r.withIndex(index);
      }
    }
    for (var entry : globalIndex.entrySet()) {
      if (merged[entry.getValue()] == null) {
        throw new InvalidInputException(
            "no shard holds " + entry.getKey() + "; was a shard run with other cases?");
      }
    }
    List<RunResult> results = List.of(merged);

    Files.createDirectories(output);
    for (ShardRun shard : shards) {
      copyTranscripts(shard.dir(), output);
    }
    EvalSettings settings =
        first
            .settings()
            .withShardAndParallel(Shard.ALL.toString(), first.settings().parallel())
            .toEvalSettings(output, first.settings().parallel());
    RunManifest manifest =
        new RunManifest(
            RunManifest.SCHEMA_VERSION,
            Instant.now().toString(),
            RunManifest.Settings.of(settings),
            first.claudeCodeVersion(),
            first.caseFingerprints());
    manifest.write(output);
    Resumption.rewriteJournal(
        output, results.stream().filter(r -> r.status() != RunStatus.CANCELLED).toList());

    Report.Config config = shards.getFirst().report().config();
    List<Arm> arms = config.arms().stream().map(ShardMerge::arm).toList();
    Instant startedAt =
        shards.stream()
            .map(s -> Instant.parse(s.report().startedAt()))
            .min(Comparator.naturalOrder())
            .orElseThrow();
    Instant finishedAt =
        shards.stream()
            .map(s -> Instant.parse(s.report().finishedAt()))
            .max(Comparator.naturalOrder())
            .orElseThrow();
    // Shards run side by side, so the merged wall time is the longest shard's.
    long wallMs = shards.stream().mapToLong(s -> s.report().timing().wallMs()).max().orElse(0);
    Report report =
        Evaluation.assemble(
            settings,
            new Evaluation.Input(List.of(), arms, first.claudeCodeVersion()),
            shards.stream()
                .flatMap(s -> s.report().config().hiddenFromAgent().stream())
                .distinct()
                .toList(),
            startedAt,
            finishedAt,
            wallMs,
            results);
    ReportWriter.write(report, output);
    return report;
  }

  private static void checkTheyBelongTogether(List<ShardRun> shards) {
    if (shards.isEmpty()) {
      throw new InvalidInputException("merge needs the run directories of the shards");
    }
    ShardRun first = shards.getFirst();
    int count = first.shard().count();
    Map<Integer, Path> seen = new HashMap<>();
    for (ShardRun shard : shards) {
      if (shard.shard().count() != count) {
        throw new InvalidInputException(
            shard.dir()
                + ": shard "
                + shard.shard()
                + " is not one of "
                + count
                + " shards like "
                + first.dir()
                + " ("
                + first.shard()
                + ")");
      }
      Path twice = seen.putIfAbsent(shard.shard().index(), shard.dir());
      if (twice != null) {
        throw new InvalidInputException(
            "shard " + shard.shard() + " given twice: " + twice + " and " + shard.dir());
      }
      if (!Objects.equals(
          shard.manifest().caseFingerprints(), first.manifest().caseFingerprints())) {
        throw new InvalidInputException(
            shard.dir() + ": a different suite from " + first.dir() + " (the cases differ)");
      }
      if (!comparable(shard.manifest()).equals(comparable(first.manifest()))
          || !Objects.equals(
              shard.manifest().claudeCodeVersion(), first.manifest().claudeCodeVersion())) {
        throw new InvalidInputException(
            shard.dir() + ": run with different settings from " + first.dir());
      }
    }
    for (int k = 1; k <= count; k++) {
      if (!seen.containsKey(k)) {
        throw new InvalidInputException("shard " + k + "/" + count + " is missing");
      }
    }
  }

  /** The settings that must agree between shards: all but the shard and the concurrency. */
  private static RunManifest.Settings comparable(RunManifest manifest) {
    return manifest.settings().withShardAndParallel("", 0);
  }

  private static Arm arm(Report.ArmConfig config) {
    return new Arm(
        config.name(),
        Optional.ofNullable(config.mcpConfig())
            .map(file -> new McpConfig(Path.of(file), config.mcpServers())),
        Optional.ofNullable(config.model()));
  }

  private static void copyTranscripts(Path shardDir, Path output) throws IOException {
    Path transcripts = shardDir.resolve("transcripts");
    if (!Files.isDirectory(transcripts)) {
      return;
    }
    try (Stream<Path> files = Files.walk(transcripts)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = output.resolve(shardDir.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
