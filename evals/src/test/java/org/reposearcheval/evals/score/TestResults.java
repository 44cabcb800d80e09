package org.reposearcheval.evals.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.run.Usage;
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
        RunResultBuilder.result(caseId, mode)
            .index(results.size())
            .run(run)
            .status(status)
            .durationMs(durationMs)
            .exitCode(verdict ? 0 : null)
            .numTurns(turns)
            .costUsd(costUsd)
            .usage(new Usage(100, outputTokens, 0, 0))
            .toolCalls(new ToolCalls(2, mode.equals(Arm.WITHOUT_MCP) ? 0 : 1, Map.of("Grep", 1)))
            .answer(verdict ? "answer" : null)
            .failedExpectations(
                status == RunStatus.FAILED ? List.of("contains \"Main.java\"") : List.of())
            .error(verdict ? null : "why <it> & stopped")
            .build());
    return this;
  }

  /** The first run of a case, with default numbers. */
  public TestResults add(String caseId, String mode, RunStatus status) {
    return add(caseId, mode, 1, status, 1000, 0.01, 500, 5);
  }

  /**
   * Runs 1, 2, … of {@code caseId} in {@code mode}, one for each of {@code statuses}: 10 ms, no
   * cost, one output token, one turn.
   */
  public TestResults runs(String caseId, String mode, RunStatus... statuses) {
    for (int i = 0; i < statuses.length; i++) {
      add(caseId, mode, i + 1, statuses[i], 10, 0.0, 1, 1);
    }
    return this;
  }

  public List<RunResult> list() {
    return List.copyOf(results);
  }
}
