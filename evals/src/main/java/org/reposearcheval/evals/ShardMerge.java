package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.reposearcheval.evals.judge.JudgeCache;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportConfig;
import org.reposearcheval.evals.report.ReportFiles;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.transcript.Prompts;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * {@code merge}: combines the run directories of the shards of one suite into one run directory, as
 * if it had run unsharded: results in the global index order, summaries recomputed, every report
 * format written. Shards from different suites, settings or shard counts, a missing or duplicated
 * shard, and overlapping results are refused.
 */
public final class ShardMerge {
  private ShardMerge() {}

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
              dir, manifest, ReportFiles.read(reportFile), manifest.settings().suite().shard()));
    }
    checkTheyBelongTogether(shards);
    Preflight.freshOutput(output);

    RunManifest first = shards.getFirst().manifest();
    EvalSettings settings = first.settings().withShard(Shard.ALL);
    List<RunResult> results = inGlobalOrder(shards, first);

    Files.createDirectories(output);
    for (ShardRun shard : shards) {
      copyTranscripts(shard.dir(), output);
    }
    mergeJudgements(dirs, output);
    // Each shard prepared the checkouts its own cases needed: the merged run did all of it.
    List<Preparation> preparations =
        shards.stream().flatMap(s -> s.manifest().preparations().stream()).toList();
    new RunManifest(
            RunManifest.SCHEMA_VERSION,
            Instant.now().toString(),
            settings,
            first.claudeCodeVersion(),
            first.caseFingerprints(),
            first.agentVersions(),
            first.caseTrees(),
            preparations,
            first.judgeTemplate(),
            first.mcpManifest())
        .write(output);
    Resumption.rewriteJournal(
        output, results.stream().filter(r -> r.status() != RunStatus.CANCELLED).toList());

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
    ReportConfig config =
        RunReport.config(
            settings,
            shards.getFirst().report().config().arms(),
            first.agentVersions(),
            shards.stream()
                .flatMap(s -> s.report().config().hiddenFromAgent().stream())
                .distinct()
                .toList(),
            first.caseTrees());
    Report report =
        RunReport.of(
            config, first.caseFingerprints(), startedAt, finishedAt, wallMs, results, preparations);
    Prompts prompts = Prompts.none();
    for (Path dir : dirs) {
      prompts = prompts.plus(Prompts.load(dir));
    }
    prompts.save(output);
    ReportWriter.write(report, output);
    return report;
  }

  /**
   * Every shard's results at their place in the whole suite's run order; a result outside the plan,
   * in two shards, or missing from all of them is refused.
   */
  private static List<RunResult> inGlobalOrder(List<ShardRun> shards, RunManifest first) {
    List<Plan.RunId> order =
        Plan.inRunOrder(
            first.caseFingerprints().keySet().stream().sorted().toList(),
            first.settings().schedule().arms(),
            first.settings().schedule().runs(),
            (index, caseId, arm, run) -> new Plan.RunId(caseId, arm, run));
    Map<Plan.RunId, Integer> globalIndex = new HashMap<>();
    order.forEach(key -> globalIndex.put(key, globalIndex.size()));
    RunResult[] merged = new RunResult[order.size()];
    Map<Plan.RunId, Path> from = new HashMap<>();
    for (ShardRun shard : shards) {
      for (RunResult r : shard.report().rawResults()) {
        Plan.RunId key = Plan.RunId.of(r);
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
        merged[index] = r.with(r.key().withIndex(index));
      }
    }
    boolean auto = first.settings().schedule().autoRuns();
    for (var entry : globalIndex.entrySet()) {
      // Under --runs auto a case has only the runs its results called for.
      if (merged[entry.getValue()] == null && !(auto && entry.getKey().run() > 1)) {
        throw new InvalidInputException(
            "no shard holds " + entry.getKey() + "; was a shard run with other cases?");
      }
    }
    List<RunResult> ran = new java.util.ArrayList<>();
    for (RunResult r : merged) {
      if (r != null) {
        ran.add(r.index() == ran.size() ? r : r.with(r.key().withIndex(ran.size())));
      }
    }
    return List.copyOf(ran);
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
      for (var tree : shard.manifest().caseTrees().entrySet()) {
        var other = first.manifest().caseTrees().get(tree.getKey());
        if (other != null && !Objects.equals(other.commit(), tree.getValue().commit())) {
          throw new InvalidInputException(
              shard.dir()
                  + ": case "
                  + tree.getKey()
                  + " ran at commit "
                  + tree.getValue().commit()
                  + " of "
                  + tree.getValue().repo()
                  + ", but at "
                  + other.commit()
                  + " in "
                  + first.dir()
                  + "; run the shards at one commit");
        }
      }
      if (!Objects.equals(
          shard.manifest().caseFingerprints(), first.manifest().caseFingerprints())) {
        throw new InvalidInputException(
            shard.dir() + ": a different suite from " + first.dir() + " (the cases differ)");
      }
      if (!comparable(shard.manifest()).equals(comparable(first.manifest()))
          || !Objects.equals(shard.manifest().agentVersions(), first.manifest().agentVersions())
          || !Objects.equals(shard.manifest().judgeTemplate(), first.manifest().judgeTemplate())) {
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
  private static EvalSettings comparable(RunManifest manifest) {
    return manifest.settings().withShard(Shard.ALL).withParallel(0);
  }

  /**
   * Every shard's judge votes ({@link JudgeCache#FILE}) in the merged run's, in shard order, whole
   * lines only, a line two shards share kept once: {@code judge DIR} and {@code --resume} of the
   * merged run find every vote and pay for none again.
   */
  private static void mergeJudgements(List<Path> dirs, Path output) throws IOException {
    Set<String> lines = new LinkedHashSet<>();
    for (Path dir : dirs) {
      Path file = dir.resolve(JudgeCache.FILE);
      if (Files.isRegularFile(file)) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        // A line torn by a harness killed while writing it is left out, as the cache drops it.
        text.substring(0, text.lastIndexOf('\n') + 1)
            .lines()
            .filter(line -> !line.isBlank())
            .forEach(lines::add);
      }
    }
    if (!lines.isEmpty()) {
      Files.writeString(
          output.resolve(JudgeCache.FILE), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
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
