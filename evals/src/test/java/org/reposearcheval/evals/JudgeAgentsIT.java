package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.agent.Binaries;
import org.reposearcheval.evals.judge.Judge;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.Judgement;
import org.reposearcheval.evals.run.Retries;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Slot;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.JudgeSpec;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.suite.ToolExpectations;
import tools.jackson.databind.JsonNode;

/**
 * Agents other than Claude Code as the judge, each the pinned CLI against a scripted API of its own
 * protocol: the judge's request offers no tool at all, while an arm's request of the same agent
 * against the same API offers its tools (the positive control), and the verdict is read back. What
 * the judge was offered is read from the requests the API received.
 */
class JudgeAgentsIT extends RealCliTestBase {
  private static final Pattern ANSWER =
      Pattern.compile("<(answer-[0-9a-f]{16})>\\\\n.*WidgetFactory.*\\\\n</\\1>");
  private static final String VERDICT = "{\"verdict\": \"pass\", \"reason\": \"It names it.\"}";

  Path repo;

  @BeforeEach
  void setUp() throws Exception {
    repo = Files.createDirectories(dir.resolve("repo"));
    RealParts.widgetRepo(repo);
  }

  /** The request is the judge's: its prompt has the rubric. */
  static boolean isJudge(JsonNode request) {
    return request.toString().contains("<rubric>");
  }

  /** What the scripted model says: the verdict to the judge, the answer to the arm. */
  static String verdictOrAnswer(JsonNode request) {
    return isJudge(request) ? VERDICT : "WidgetFactory.";
  }

  private static TestCase judgedCase() {
    return new TestCase(
        "widgets",
        "Which class builds widgets?",
        new Expectations(
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            ToolExpectations.NONE,
            new Expectations.Judged("Names WidgetFactory.", null)),
        List.of(),
        Optional.empty(),
        null,
        null);
  }

  /** Judges one answer with {@code spec}, run as {@code binary}; one vote. */
  private Judgement judge(JudgeSpec spec, Path binary, Map<String, String> env) throws Exception {
    try (Judge judge =
        Judge.open(
            new Judge.Settings(spec, 1, Optional.of(binary.toString()), Duration.ofMinutes(2)),
            Files.createDirectories(dir.resolve("out")),
            env,
            Retries.NONE,
            Binaries.DEFAULT)) {
      return judge
          .judge(judgedCase(), "WidgetFactory builds them.", null, "widgets.arm-1", Slot.NONE)
          .orElseThrow();
    }
  }

  /** A baseline arm's run of {@code agent}: the read-only tools, offered as to every arm. */
  private RunResult arm(AgentSpec agent, Optional<String> model, Map<String, String> env)
      throws Exception {
    try (AgentSolver solver =
        new AgentSolver(
            new AgentOptions(
                Binaries.of("claude", "claude"),
                repo,
                model,
                Optional.empty(),
                Duration.ofMinutes(2)),
            dir.resolve("arm"),
            env)) {
      return solver.solve(
          new Job(
              0, TestJobs.testCase("w", "Which class builds widgets?", "Widget"), arm(agent), 1));
    }
  }

  private static Arm arm(AgentSpec agent) {
    return Arm.withoutMcp(agent);
  }

  /**
   * The judge's requests offered no tool, the arm's some; the judge's held the delimited answer.
   */
  private static void assertToolless(
      List<JsonNode> requests, Function<JsonNode, List<String>> offered, Judgement judgement) {
    List<JsonNode> judged = requests.stream().filter(JudgeAgentsIT::isJudge).toList();
    List<JsonNode> armed = requests.stream().filter(r -> !isJudge(r)).toList();
    assertFalse(judged.isEmpty(), "the judge reached the API");
    assertFalse(armed.isEmpty(), "the arm reached the API");
    assertTrue(
        armed.stream().anyMatch(r -> !offered.apply(r).isEmpty()),
        "positive control: the arm was offered tools");
    for (JsonNode request : judged) {
      assertEquals(List.of(), offered.apply(request), "the judge was offered tools");
      assertTrue(ANSWER.matcher(request.toString()).find(), request.toString());
    }
    assertEquals(Judgement.PASS, judgement.verdict(), judgement.toString());
    String body = judged.getFirst().toString();
    Matcher answer = ANSWER.matcher(body);
    answer.find();
    System.out.printf(
        "JUDGE REQUEST: tools offered %s (the arm's: %s); answer delimited: %s%n",
        offered.apply(judged.getFirst()), offered.apply(armed.getFirst()), answer.group());
  }

  /**
   * Runs a baseline arm of {@code agent} ({@code model}) and then {@code agent} as the judge, the
   * same CLI, both against {@code api} in {@code env}: the arm passed, the API saw no failure, the
   * judge was offered no tool ({@link #assertToolless}, {@code offered} reading a request's tools)
   * and no process outlived it.
   */
  private void armThenJudge(
      AgentSpec agent,
      Optional<String> model,
      ScriptedHttpServer api,
      Map<String, String> env,
      Function<JsonNode, List<String>> offered)
      throws Exception {
    RunResult baseline = arm(agent, model, env);
    assertEquals(RunStatus.PASSED, baseline.status(), baseline.error());

    Judgement judgement =
        judge(new JudgeSpec(agent.agent(), model), Path.of(agent.command().orElseThrow()), env);

    assertTrue(api.failures().isEmpty(), api.failures().toString());
    assertToolless(api.requests(), offered, judgement);
    assertEquals(List.of(), processes.alive(), "processes outlived the judge");
  }

  @Test
  void openCodeAsTheJudgeIsOfferedNoTools() throws Exception {
    try (ScriptedMessagesApi api =
        ScriptedMessagesApi.start(r -> new Reply.Text(verdictOrAnswer(r)))) {
      armThenJudge(
          OpenCodeParts.OPENCODE,
          Optional.of(OpenCodeParts.MODEL),
          api,
          processes.tag(api.environment(OpenCodeParts.PLANTED_KEY, 0)),
          ScriptedMessagesApi::offeredToolNames);
    }
  }

  @Test
  void geminiCliAsTheJudgeIsOfferedNoTools() throws Exception {
    try (ScriptedGeminiApi api = ScriptedGeminiApi.start(r -> new Reply.Text(verdictOrAnswer(r)))) {
      armThenJudge(
          AgentSpec.of("gemini", Optional.of(RealParts.GEMINI.toString())),
          Optional.of("gemini-2.5-pro"),
          api,
          processes.tag(api.environment("gemini-it-key-0123456789")),
          ScriptedGeminiApi::offeredToolNames);
    }
  }

  @Test
  void augmentCliAsTheJudgeIsOfferedNoTools() throws Exception {
    try (ScriptedAugmentBackend backend =
        ScriptedAugmentBackend.start(r -> new Reply.Text(verdictOrAnswer(r)))) {
      armThenJudge(
          AgentSpec.of("auggie", Optional.of(RealParts.AUGGIE.toString())),
          Optional.empty(),
          backend,
          processes.tag(backend.environment("augment-it-token-0123456789")),
          ScriptedAugmentBackend::offeredTools);
    }
  }
}
