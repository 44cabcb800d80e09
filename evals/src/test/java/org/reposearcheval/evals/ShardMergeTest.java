package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportFiles;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.score.Summary;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.util.InvalidInputException;

/** A suite split in three shards and merged is the unsharded run, timings aside. */
class ShardMergeTest {
  @TempDir Path dir;
  Path cases;

  @BeforeEach
  void writeSuite() throws IOException {
    cases = Files.createDirectories(dir.resolve("cases"));
    for (int i = 0; i < 7; i++) {
      // Every third case fails, and the with-MCP arm calls an MCP tool.
      String answer = i % 3 == 0 ? "wrong" : "right";
      TestJobs.writeCase(cases, "c" + i, "tool=mcp__repo__search_files answer=" + answer, "right");
    }
    TestJobs.writeMcpConfig(cases);
  }

  private Evaluation.Outcome run(String name, Shard shard, int runs) throws IOException {
    return run(name, shard, new Schedule(List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), runs, 3));
  }

  private Evaluation.Outcome run(String name, Shard shard, Schedule schedule) throws IOException {
    EvalSettings settings =
        new EvalSettings(
                new EvalSettings.Suite(cases),
                new EvalSettings.Agent(dir, FakeAgent.SCRIPT.toString()),
                schedule,
                new PerRun(Duration.ofSeconds(30)),
                Policy.DEFAULTS)
            .withShard(shard);
    Map<String, String> env = new HashMap<>(System.getenv());
    return Evaluation.run(settings, dir.resolve(name), env, RunListener.NONE, new RunControl());
  }

  private static List<RunResult> withoutTimings(List<RunResult> results) {
    return results.stream()
        .map(r -> RunResultBuilder.from(r).durationMs(0).mcpUse(null).build())
        .toList();
  }

  private List<Path> threeShards() throws IOException {
    for (int k = 1; k <= 3; k++) {
      run("shard" + k, new Shard(k, 3), 1);
    }
    return List.of(dir.resolve("shard1"), dir.resolve("shard2"), dir.resolve("shard3"));
  }

  @Test
  void threeShardsMergedGiveTheUnshardedResultsInTheSameOrderWithTheSameSummaries()
      throws IOException {
    Report whole = run("whole", Shard.ALL, 1).report();
    List<Path> shards = threeShards();

    Report merged =
        ShardMerge.merge(
            List.of(shards.get(2), shards.get(0), shards.get(1)), dir.resolve("merged"));

    assertEquals(withoutTimings(whole.rawResults()), withoutTimings(merged.rawResults()));
    for (String mode : List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP)) {
      Summary.ArmSummary a = whole.summary().byArm().get(mode);
      Summary.ArmSummary b = merged.summary().byArm().get(mode);
      assertEquals(a.passed(), b.passed());
      assertEquals(a.failed(), b.failed());
      assertEquals(a.passRate(), b.passRate());
      assertEquals(a.totalCostUsd(), b.totalCostUsd(), 1e-9);
      assertEquals(a.meanMcpToolCalls(), b.meanMcpToolCalls());
    }
    assertEquals(
        whole.summary().byCase().stream().map(Summary.CaseSummary::caseId).toList(),
        merged.summary().byCase().stream().map(Summary.CaseSummary::caseId).toList());
    assertEquals("1/1", merged.config().shard());
    // Each shard's report holds the fingerprints of its own cases; the merged one, of them all.
    assertEquals(7, merged.caseFingerprints().size());
    assertEquals(whole.caseFingerprints(), merged.caseFingerprints());
    Report first = ReportFiles.load(shards.get(0));
    assertEquals(
        first.rawResults().stream().map(RunResult::caseId).distinct().sorted().toList(),
        first.caseFingerprints().keySet().stream().sorted().toList());
    assertTrue(first.caseFingerprints().size() < merged.caseFingerprints().size());
    Path out = dir.resolve("merged");
    for (RunResult r : merged.rawResults()) {
      assertTrue(Files.exists(out.resolve(r.transcript())), r.transcript());
    }
    assertEquals(14, Journal.read(out).results().size());
    ReportSchemas.assertValid(out);
    ReportSchemas.assertValid(dir.resolve("whole"));
    assertTrue(Files.exists(out.resolve(ReportWriter.MARKDOWN)));
  }

  @Test
  void autoRunsShardedAndMergedGiveTheUnshardedResults() throws IOException {
    // Both arms answer alike: under --runs auto:3 every case runs once per arm, and the runs 2 and
    // 3 the plan could have held are in no shard.
    Schedule auto = new Schedule(List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 3, 3, null, true);
    Report whole = run("whole", Shard.ALL, auto).report();
    for (int k = 1; k <= 3; k++) {
      run("shard" + k, new Shard(k, 3), auto);
    }

    Report merged =
        ShardMerge.merge(
            List.of(dir.resolve("shard1"), dir.resolve("shard2"), dir.resolve("shard3")),
            dir.resolve("merged"));

    assertEquals(14, merged.rawResults().size());
    assertEquals(withoutTimings(whole.rawResults()), withoutTimings(merged.rawResults()));
    assertTrue(merged.config().autoRuns());
    assertEquals(
        List.of("1 run: arms agreed"),
        merged.summary().byCase().stream()
            .map(Summary.CaseSummary::allocation)
            .distinct()
            .toList());
    ReportSchemas.assertValid(dir.resolve("merged"));
  }

  @Test
  void missingShardIsRefused() throws IOException {
    List<Path> shards = threeShards();
    InvalidInputException e = mergeRefused(shards.subList(0, 2));
    assertTrue(e.getMessage().contains("shard 3/3 is missing"), e.getMessage());
  }

  @Test
  void duplicatedShardIsRefused() throws IOException {
    List<Path> shards = threeShards();
    InvalidInputException e =
        mergeRefused(List.of(shards.get(0), shards.get(1), shards.get(1), shards.get(2)));
    assertTrue(e.getMessage().contains("given twice"), e.getMessage());
  }

  @Test
  void differentShardCountsAreRefused() throws IOException {
    List<Path> shards = threeShards();
    run("half", new Shard(1, 2), 1);
    InvalidInputException e = mergeRefused(List.of(shards.get(0), dir.resolve("half")));
    assertTrue(e.getMessage().contains("not one of 3 shards"), e.getMessage());
  }

  /** Why merging the run directories {@code shards} into {@code merged} is refused. */
  private InvalidInputException mergeRefused(List<Path> shards) {
    return assertThrows(
        InvalidInputException.class, () -> ShardMerge.merge(shards, dir.resolve("merged")));
  }

  @Test
  void differentSuitesAreRefused() throws IOException {
    run("shard1", new Shard(1, 2), 1);
    TestJobs.writeCase(cases, "c1", "answer=changed", "right");
    run("shard2", new Shard(2, 2), 1);
    InvalidInputException e = mergeRefused(List.of(dir.resolve("shard1"), dir.resolve("shard2")));
    assertTrue(e.getMessage().contains("different suite"), e.getMessage());
  }

  @Test
  void differentSettingsAreRefused() throws IOException {
    run("shard1", new Shard(1, 2), 1);
    run("shard2", new Shard(2, 2), 2);
    InvalidInputException e = mergeRefused(List.of(dir.resolve("shard1"), dir.resolve("shard2")));
    assertTrue(e.getMessage().contains("different settings"), e.getMessage());
  }

  @Test
  void overlappingResultsAreRefused() throws IOException {
    List<Path> shards = threeShards();
    // Make shard 2's report claim one of shard 1's runs as well.
    Report one = ReportFiles.read(shards.get(0).resolve(ReportWriter.JSON));
    Report two = ReportFiles.read(shards.get(1).resolve(ReportWriter.JSON));
    List<RunResult> both = new java.util.ArrayList<>(two.rawResults());
    both.add(one.rawResults().getFirst());
    Report forged =
        new Report(
            two.schemaVersion(),
            two.startedAt(),
            two.finishedAt(),
            two.config(),
            both,
            two.summary(),
            two.statistics(),
            two.timing(),
            null);
    ReportWriter.write(forged, shards.get(1));

    InvalidInputException e = mergeRefused(shards);
    assertTrue(e.getMessage().contains("overlapping results"), e.getMessage());
  }
}
