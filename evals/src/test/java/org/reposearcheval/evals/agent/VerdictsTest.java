package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.process.Ending;
import org.reposearcheval.evals.run.Attempt;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.Secrets;

/**
 * A run whose process ended with its output lost gets no verdict; one whose server did not come up
 * is invalid, with the agent's own words about it.
 */
class VerdictsTest {
  @Test
  void aRunWhoseOutputWasNotKeptIsAnErrorNotAVerdictAndNotRetried() {
    Job job = new Job(0, TestJobs.testCase("c", "q", "ok"), Arm.withoutMcp(), 1);
    Ending ending = new Ending.OutputLost(0, "", "could not mask secrets in the transcript");
    AgentStream passing =
        new AgentStream(
            List.of(),
            ToolCalls.NONE,
            "2.1.328",
            new AgentStream.Result("success", false, null, 1, 10L, 0.01, Usage.NONE, "ok"),
            0,
            null);
    RunResult result =
        new Verdicts(Secrets.fromEnvironment(Map.of())).judge(job, ending, passing, 10);

    assertEquals(RunStatus.ERROR, result.status());
    assertEquals("could not mask secrets in the transcript", result.error());
    assertEquals(Attempt.Transient.NONE, Verdicts.transientFailure(ending, passing));
  }

  /** A Codex with-MCP run whose required servers did not start, read from recorded stderr. */
  private static RunResult codexServersDown(Arm arm, String stderr) throws Exception {
    Path empty = Files.createTempFile("codex", ".jsonl");
    try {
      AgentStream stream =
          AgentClis.named("codex")
              .orElseThrow()
              .read(
                  empty, new AgentCli.StreamContext(List.of("fs", "bad", "we ird"), stderr, null));
      Job job = new Job(0, TestJobs.testCase("c", "q", "ok"), arm, 1);
      return new Verdicts(Secrets.fromEnvironment(Map.of()))
          .judge(job, new Ending.Exited(1, stderr), stream, 10);
    } finally {
      Files.delete(empty);
    }
  }

  @Test
  void aServerThatDidNotComeUpVoidsTheRunInTheCliOwnWordsNeverInTheAnswer() throws Exception {
    String stderr =
        Files.readString(
            Path.of(
                getClass().getResource("/agents/codex/required-servers-failed.stderr").toURI()));
    Path config = Files.createTempFile("mcp", ".json");
    Files.writeString(
        config,
        "{\"mcpServers\":{\"fs\":{\"command\":\"a\"},\"bad\":{\"command\":\"b\"},"
            + "\"we ird\":{\"command\":\"c\"}}}");
    RunResult invalid = codexServersDown(Arm.withMcp(McpConfig.load(config)), stderr);

    assertEquals(RunStatus.INVALID, invalid.status());
    assertNull(invalid.answer(), "codex's words are not its answer");
    assertTrue(
        invalid
            .error()
            .startsWith(
                "MCP server not connected: bad=failed, we ird=failed; the agent's stderr: "),
        invalid.error());
    assertTrue(
        invalid.error().contains("bad: No such file or directory (os error 2)"), invalid.error());

    // Control: a leak is said in full, without the agent's stderr.
    RunResult leaked = codexServersDown(Arm.withoutMcp(), stderr);
    assertEquals(RunStatus.INVALID, leaked.status());
    assertFalse(leaked.error().contains("stderr"), leaked.error());
    Files.delete(config);
  }
}
