package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.judge.JudgeCache;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.Judgement;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Shard;

/**
 * Shards of a judged run merged: the merged report has the judge's section as the shards' runs made
 * it, and the merged run directory holds every shard's votes, so {@code judge DIR} of it starts no
 * judge at all. Judges are counted by the test agent's own record of the processes started with no
 * tools ({@code --tools ""}).
 */
class JudgedShardMergeTest extends SuiteDirs {

  @BeforeEach
  void writeSuite() throws IOException {
    for (int i = 0; i < 4; i++) {
      // The judge passes an answer that names `RunAll`: three of the four do.
      String answer = i == 3 ? "nobody knows" : "RunAll runs them";
      Files.writeString(
          cases.resolve("c" + i + ".json"),
          """
          {"id": "c%d", "prompt": "answer=%s\\nWhich class runs the jobs?",
           "expect": {"rubric": "Names `RunAll`."}}
          """
              .formatted(i, answer));
    }
    TestJobs.writeMcpConfig(cases);
  }

  private Map<String, String> env() {
    return TestJobs.fakeAgentEnv(state);
  }

  private void run(String name, Shard shard) throws IOException {
    EvalSettings settings =
        TestJobs.fakeAgentSettings(
                cases, dir, List.of(Arm.WITHOUT_MCP), 2, Duration.ofSeconds(30), Policy.DEFAULTS)
            .withJudging(new EvalSettings.Judging(Optional.empty(), 3))
            .withShard(shard);
    Evaluation.run(settings, dir.resolve(name), env(), RunListener.NONE, new RunControl());
  }

  /** How many judge processes the test agent saw start. */
  private long judgesStarted() throws IOException {
    return AgentRecord.startedArgs(state).stream().filter(AgentRecord::isJudge).count();
  }

  private static long lines(Path file) throws IOException {
    return Files.readString(file).lines().filter(l -> !l.isBlank()).count();
  }

  @Test
  void mergedShardsKeepTheJudgesSectionAndEveryVote() throws Exception {
    run("shard1", new Shard(1, 2));
    run("shard2", new Shard(2, 2));
    // Positive control: each shard judged its two answers three times each.
    assertEquals(12, judgesStarted());
    long votes =
        lines(dir.resolve("shard1").resolve(JudgeCache.FILE))
            + lines(dir.resolve("shard2").resolve(JudgeCache.FILE));
    assertEquals(12, votes);

    Report merged = ShardMerge.merge(List.of(dir.resolve("shard2"), dir.resolve("shard1")), out);

    ReportSchemas.assertValid(out);
    assertEquals(12, lines(out.resolve(JudgeCache.FILE)), "every shard's votes, once each");
    assertEquals(3, merged.judge().votesPerAnswer());
    // The judge's version, as the test agent printed it ("9.9.9 (Fake Claude)").
    assertEquals(List.of("claude 9.9.9"), merged.judge().judges());
    assertEquals(4, merged.judge().byArm().get(Arm.WITHOUT_MCP).judged());
    assertEquals(4, merged.judge().byArm().get(Arm.WITHOUT_MCP).unanimous());
    assertEquals(12, merged.judge().judgeRuns());
    for (RunResult r : merged.rawResults()) {
      String expected = r.caseId().equals("c3") ? Judgement.FAIL : Judgement.PASS;
      assertEquals(expected, r.judge().verdict(), r.caseId());
      assertEquals("9.9.9", r.judge().version());
      assertTrue(Files.isRegularFile(out.resolve(r.judge().votes().getFirst().transcript())));
    }
    String md = Files.readString(out.resolve("report.md"));
    assertContains(
        md, "## Judged answers", "| c3 | without-mcp | 1 | fail | fail fail fail (unanimous) |");

    // Re-grading the merged run finds every vote in its cache: no judge starts.
    Rejudge.Outcome again =
        Rejudge.run(out, Optional.empty(), 0, env(), RunListener.NONE, new RunControl());
    assertEquals(12, judgesStarted());
    assertEquals(12, again.report().judge().cachedVotes());
    assertEquals(0, again.report().judge().judgeRuns());
  }
}
