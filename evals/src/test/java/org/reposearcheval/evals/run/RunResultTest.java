package org.reposearcheval.evals.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.exc.ValueInstantiationException;

class RunResultTest {
  private static final String FLAT =
      "{\"index\":3,\"caseId\":\"alpha\",\"mode\":\"with-mcp\",\"run\":2,\"status\":\"failed\","
          + "\"durationMs\":39,\"exitCode\":0,\"attempts\":2,\"numTurns\":4,\"costUsd\":0.01,"
          + "\"usage\":{\"inputTokens\":1,\"outputTokens\":2,\"cacheReadInputTokens\":3,"
          + "\"cacheCreationInputTokens\":4},"
          + "\"toolCalls\":{\"total\":1,\"mcp\":1,\"byName\":{\"mcp__repo__find\":1}},"
          + "\"mcpServers\":[{\"name\":\"repo\",\"status\":\"connected\"}],"
          + "\"answer\":\"in Main\",\"failedExpectations\":[\"contains \\\"x\\\"\"],"
          + "\"error\":null,\"transcript\":\"transcripts/with-mcp/alpha-2.jsonl\","
          + "\"mcpUse\":{\"offeredTools\":[\"mcp__repo__find\"],\"turnsBeforeFirstCall\":1}}";

  @Test
  void itsPartsAreOneFlatObjectInTheJournalsOrder() throws Exception {
    RunResult read = Json.COMPACT.readValue(FLAT, RunResult.class);

    assertEquals(new RunResult.Key(3, "alpha", "with-mcp", 2), read.key());
    assertEquals(new RunResult.Outcome(RunStatus.FAILED, 39, 0, 2), read.outcome());
    assertEquals(FLAT, Json.COMPACT.writeValueAsString(read));
  }

  @Test
  void aLineWrittenBeforeMcpUseWasRecordedReadsAsUnknown() throws Exception {
    String older = FLAT.substring(0, FLAT.indexOf(",\"mcpUse\"")) + "}";

    RunResult read = Json.COMPACT.readValue(older, RunResult.class);

    assertNull(read.mcpUse());
    assertEquals("transcripts/with-mcp/alpha-2.jsonl", read.transcript());
  }

  @Test
  void aRunThatNeverStartedRoundTripsWithItsNulls() throws Exception {
    RunResult cancelled = RunResult.cancelled(TestJobs.jobs(1, "p").get(1), 5, "stopped");

    String json = Json.COMPACT.writeValueAsString(cancelled);

    assertEquals(cancelled, Json.COMPACT.readValue(json, RunResult.class));
    assertEquals(List.of(), cancelled.mcpServers());
    assertNull(cancelled.transcript());
  }

  @Test
  void aChangedCopyReplacesOnePartOnly() {
    RunResult r = RunResultBuilder.result("alpha", "with-mcp").index(1).build();

    RunResult moved = r.with(r.key().withIndex(7)).with(r.outcome().withAttempts(3));

    assertEquals(RunResultBuilder.from(r).index(7).attempts(3).build(), moved);
  }

  @Test
  void eachPartChecksItsOwnValues() {
    assertThrows(
        IllegalArgumentException.class, () -> new RunResult.Key(-1, "alpha", "with-mcp", 1));
    assertThrows(
        IllegalArgumentException.class, () -> new RunResult.Outcome(RunStatus.PASSED, -1, 0, 1));
    assertThrows(
        ValueInstantiationException.class,
        () -> Json.COMPACT.readValue(FLAT.replace("\"status\":\"failed\",", ""), RunResult.class));
  }
}
