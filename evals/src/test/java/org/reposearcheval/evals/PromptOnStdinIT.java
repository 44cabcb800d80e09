package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import tools.jackson.databind.JsonNode;

/**
 * Whatever the prompt, the pinned Claude Code CLI sends the model exactly the case's prompt: the
 * scripted Messages API records the request, and its first user message must hold the prompt byte
 * for byte.
 */
class PromptOnStdinIT {
  @TempDir Path dir;

  static Stream<Arguments> prompts() {
    StringBuilder log = new StringBuilder("What failed in this log? Answer ok.\n");
    for (int i = 0; log.length() < (1 << 20) + 1000; i++) {
      log.append("2026-11-30T12:00:")
          .append(i % 60)
          .append(" WARN [worker-")
          .append(i % 7)
          .append("] retry ")
          .append(i)
          .append(" of request \"/v1/items?id=")
          .append(i)
          .append("\" took ")
          .append(i % 997)
          .append(" ms; état=dégradé\n");
    }
    return Stream.of(
        Arguments.of("a pasted log of over 1 MB", log.toString()),
        Arguments.of(
            "a prompt that starts with a dash", "--version -p \"x\" -- is this an option? ok"),
        Arguments.of(
            "mixed scripts, emoji and combining characters",
            "Wo steht RunAll? 日本語 العربية עברית हिन्दी Ελληνικά ру́сский 👩‍👩‍👧‍👦 🇩🇪 🏳️‍🌈"
                + " e\u0301 n\u0303 a\u0308\u0301 zero\u200Bwidth \t tab, \r\n CRLF and a trailing"
                + " newline, ok\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prompts")
  @Timeout(300)
  void theModelReceivesThePromptByteForByte(String name, String prompt) throws Exception {
    Path repo = RealParts.helloRepo(dir);
    try (ScriptedMessagesApi api = ScriptedMessagesApi.start(request -> new Reply.Text("ok"))) {
      Map<String, String> env = api.environment("sk-ant-it-prompt-secret-0123456789", 1);
      AgentOptions options = RealParts.claudeOptions(repo, Optional.empty(), Duration.ofMinutes(2));
      RunResult result;
      try (AgentSolver solver = new AgentSolver(options, dir.resolve("out"), env)) {
        result =
            solver.solve(
                new Job(0, TestJobs.testCase("prompt", prompt, "ok"), Arm.withoutMcp(), 1));
      }

      assertEquals(RunStatus.PASSED, result.status(), result.error());
      assertTrue(api.failures().isEmpty(), api.failures().toString());
      // The agent's turn offers tools; side requests (titles, quota checks) do not.
      List<JsonNode> turns =
          api.requests().stream()
              .filter(r -> !ScriptedMessagesApi.offeredToolNames(r).isEmpty())
              .toList();
      assertTrue(!turns.isEmpty(), "the agent asked the model");
      assertSameBytes(prompt, ScriptedMessagesApi.firstUserText(turns.getFirst()));
    }
  }

  /** Names the first byte that differs instead of printing a megabyte. */
  private static void assertSameBytes(String expected, String actual) {
    byte[] sent = expected.getBytes(StandardCharsets.UTF_8);
    byte[] received = actual.getBytes(StandardCharsets.UTF_8);
    int at = Arrays.mismatch(sent, received);
    assertEquals(
        -1,
        at,
        () ->
            "the model received "
                + received.length
                + " bytes for a prompt of "
                + sent.length
                + ", first difference at byte "
                + at);
  }
}
