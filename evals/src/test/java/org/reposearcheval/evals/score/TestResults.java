package org.reposearcheval.evals.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;

/** Builds raw results for the statistics and report tests, in the order they are added. */
public final class TestResults {
  private final List<RunResult> results = new ArrayList<>();

  /** A run of {@code caseId} in {@code mode} with the given outcome and numbers. */
  public TestResults add(
      String caseId,
      String mode,
      int run,
      RunStatus status,
      long durationMs,
      Double costUsd,
      long outputTokens,
      Integer turns) {
    boolean verdict = status.isVerdict();
    results.add(
        new RunResult(
            results.size(),
            caseId,
            mode,
            run,
            status,
            durationMs,
            verdict ? 0 : null,
            1,
            turns,
            costUsd,
            new RunResult.Usage(100, outputTokens, 0, 0),
            new RunResult.ToolCalls(2, mode.equals(Arm.WITHOUT_MCP) ? 0 : 1, Map.of("Grep", 1)),
            List.of(),
            verdict ? "answer" : null,
            status == RunStatus.FAILED ? List.of("contains \"Main.java\"") : List.of(),
            verdict ? null : "why <it> & stopped",
            "transcripts/" + mode + "/" + caseId + "-" + run + ".jsonl"));
    return this;
  }

  /** The first run of a case, with default numbers. */
  public TestResults add(String caseId, String mode, RunStatus status) {
    return add(caseId, mode, 1, status, 1000, 0.01, 500, 5);
  }

  public List<RunResult> list() {
    return List.copyOf(results);
  }
}
