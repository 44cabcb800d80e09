package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.Fingerprint;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.Json;

/** Builders for cases, jobs and results in tests. */
public final class TestJobs {
  private TestJobs() {}

  public static TestCase testCase(String id, String prompt, String... contains) {
    return new TestCase(
        id,
        prompt,
        new Expectations(List.of(contains), List.<Pattern>of(), List.of()),
        List.of(),
        Optional.empty(),
        Path.of("cases", id + ".json"),
        Fingerprint.of((id + prompt).getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code <cases>/<id>.json}: the prompt, and an answer that must contain {@code contains}. */
  static Path writeCase(Path cases, String id, String prompt, String contains) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("prompt", prompt);
    json.put("expect", Map.of("contains", List.of(contains)));
    return Files.writeString(cases.resolve(id + ".json"), Json.COMPACT.writeValueAsString(json));
  }

  /**
   * The test agent ({@link FakeAgent}) on the cases in {@code cases}, pinned trees cloned into
   * {@code cache}, no {@code --repo} given: 30 s a run, no retries, no memory floor.
   */
  static EvalSettings pinnedSettings(
      Path cases, Path dir, Path cache, List<String> arms, int runs, int parallel, boolean strict) {
    return new EvalSettings(
        new EvalSettings.Suite(
            cases, List.of(), Shard.ALL, cases.resolve("mcp.json"), Optional.empty(), strict),
        new EvalSettings.Agent(
            dir,
            FakeAgent.SCRIPT.toString(),
            "claude",
            Optional.empty(),
            Optional.of(cache),
            false),
        new Schedule(arms, runs, parallel),
        new PerRun(Duration.ofSeconds(30)),
        new Policy(0, false, Optional.empty(), 0));
  }

  /** {@code <cases>/mcp.json} with one server, {@code repo}, that the test agent reports. */
  static void writeMcpConfig(Path cases) throws IOException {
    Files.writeString(
        cases.resolve("mcp.json"),
        "{\"mcpServers\":{\"repo\":{\"command\":\"" + FakeAgent.MCP_SERVER + "\"}}}");
  }

  /** {@code count} cases named case-000, case-001, … planned in both arms. */
  public static List<Job> jobs(int count, String prompt) {
    List<TestCase> cases = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      cases.add(testCase(String.format("case-%03d", i), prompt, "fake"));
    }
    return Plan.jobs(cases, bothArms(), 1);
  }

  /** with-mcp, its server {@code repo} from {@code mcp.json}, and without-mcp. */
  public static List<Arm> bothArms() {
    return List.of(
        new Arm(
            Arm.WITH_MCP,
            Optional.of(new McpConfig(Path.of("mcp.json"), List.of("repo"))),
            Optional.empty()),
        Arm.withoutMcp());
  }

  public static RunResult passed(Job job) {
    return RunResultBuilder.of(job).durationMs(1).numTurns(1).costUsd(0.0).answer("fake").build();
  }

  /**
   * The test agent ({@link FakeAgent}) in {@code dir} on the cases in {@code cases}: each case once
   * in each of {@code arms}, {@code parallel} at a time, {@code perRun} a run.
   */
  static EvalSettings fakeAgentSettings(
      Path cases, Path dir, List<String> arms, int parallel, Duration perRun, Policy policy) {
    return new EvalSettings(
        new EvalSettings.Suite(cases),
        new EvalSettings.Agent(dir, FakeAgent.SCRIPT.toString()),
        new Schedule(arms, 1, parallel),
        new PerRun(perRun),
        policy);
  }

  /** This process's environment, with the test agent keeping its state in {@code state}. */
  static Map<String, String> fakeAgentEnv(Path state) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("FAKE_CLAUDE_STATE", state.toString());
    return env;
  }
}
