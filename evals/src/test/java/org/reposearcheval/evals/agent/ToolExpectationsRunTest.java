package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.FakeAgent;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.Fingerprint;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.suite.ToolExpectations;
import org.reposearcheval.evals.suite.ToolName;

/**
 * Tool expectations scored on a real run of the test agent: the calls it reports in its stream are
 * the calls the expectations see, and an MCP tool is held only against the arm offered MCP.
 */
@Timeout(60)
class ToolExpectationsRunTest {
  @TempDir Path dir;
  FakeAgent agent;

  @BeforeEach
  void agent() throws Exception {
    agent = new FakeAgent(dir);
  }

  /** Runs {@code prompt} as a case expecting Grep and a repo tool, in at most 3 calls. */
  private RunResult run(Arm arm, String prompt) throws Exception {
    ToolExpectations tools =
        new ToolExpectations(
            Stream.of("Grep", "/^mcp__repo__/").map(ToolName::parse).toList(), List.of(), 3);
    TestCase testCase =
        new TestCase(
            "tools",
            prompt,
            new Expectations(List.of("RunAll"), List.of(), List.of(), List.of(), tools),
            List.of(),
            Optional.empty(),
            dir.resolve("tools.json"),
            Fingerprint.ofHex("0"));
    try (AgentSolver solver = agent.solver(Duration.ofSeconds(30))) {
      return solver.solve(new Job(0, testCase, arm, 1));
    }
  }

  @Test
  void aRunThatCallsWhatTheCaseExpectsPasses() throws Exception {
    RunResult result = run(agent.withMcp, "tool=Grep tool=mcp__repo__search_files answer=RunAll");

    assertEquals(RunStatus.PASSED, result.status(), result.failedExpectations().toString());
  }

  @Test
  void aRunThatSkipsAnExpectedToolOrCallsTooMuchFailsAndSaysWhy() throws Exception {
    RunResult result = run(agent.withMcp, "tool=Grep tool=Grep tool=Read tool=Read answer=RunAll");

    assertEquals(RunStatus.FAILED, result.status());
    assertEquals(
        List.of("tools.used /^mcp__repo__/", "tools.maxCalls 3 (made 4)"),
        result.failedExpectations());
  }

  @Test
  void theBaselineIsNotHeldToAnMcpToolItWasNeverOffered() throws Exception {
    RunResult result = run(Arm.withoutMcp(), "tool=Grep answer=RunAll");

    assertEquals(RunStatus.PASSED, result.status(), result.failedExpectations().toString());
  }
}
