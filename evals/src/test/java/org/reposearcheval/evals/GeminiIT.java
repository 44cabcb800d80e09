package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.TestCase;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What only Gemini CLI does, with the pinned CLI against a scripted Gemini API on 127.0.0.1: the
 * prompt on stdin, and the usage and estimated cost of its stream. What every agent must do is in
 * {@link AgentContractIT}.
 */
class GeminiIT extends RealCliTestBase {
  private static final String PLANTED_KEY = "gemini-it-planted-secret-0123456789";

  @Test
  void aPromptOverTheLimitOfOneArgumentReachesTheModelWholeAndTheRunIsPriced() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = RealParts.widgetRepo(repo);
    // Over 128 KB, Linux's limit on one argument: only stdin can carry it.
    String longPrompt = "Which class builds widgets?\n" + "Context line.\n".repeat(12_000);
    ContractAgent gemini = new GeminiContract();
    try (ScriptedGeminiApi api =
            ScriptedGeminiApi.start(
                request ->
                    ScriptedGeminiApi.answersFunctionCall(request)
                        ? new Reply.Text(
                            "ANSWER: " + ScriptedGeminiApi.lastFunctionResponse(request))
                        : new Reply.ToolUse(
                            "read_file",
                            JsonNodeFactory.instance
                                .objectNode()
                                .put("file_path", source.toString())));
        AgentSolver solver =
            new AgentSolver(
                gemini.options(repo, Duration.ofMinutes(2)),
                dir.resolve("out"),
                processes.tag(api.environment(PLANTED_KEY)))) {
      TestCase question = TestJobs.testCase("widget", longPrompt, "WidgetFactory");
      RunResult r = solver.solve(new Job(0, question, Arm.withoutMcp(GeminiContract.GEMINI), 1));

      assertEquals(RunStatus.PASSED, r.status(), r.error());
      assertEquals(Map.of("read_file", 1), r.toolCalls().byName());
      assertTrue(
          api.requests().stream().anyMatch(q -> q.toString().contains(json(longPrompt))),
          "the long prompt did not reach the model whole");
      ReportSchemas.assertValid(r);
      assertEquals(2, r.numTurns());
      assertTrue(r.usage().inputTokens() > 0 && r.usage().cacheReadInputTokens() > 0);
      assertTrue(r.usage().outputTokens() >= 2 * ScriptedGeminiApi.THOUGHTS, r.usage().toString());
      assertNotNull(r.costUsd());
      assertTrue(r.costUsd() > 0 && r.measures().costEstimated());
      RealParts.assertNoFileContains(dir.resolve("out"), PLANTED_KEY);
    }
  }

  /** {@code text} as it appears inside a JSON string. */
  private static String json(String text) {
    String quoted = JsonNodeFactory.instance.stringNode(text).toString();
    return quoted.substring(1, quoted.length() - 1);
  }
}
