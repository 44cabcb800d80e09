package org.reposearcheval.evals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Builders for cases, jobs and results in tests. */
final class TestJobs {
  private TestJobs() {}

  static TestCase testCase(String id, String prompt, String... contains) {
    return new TestCase(
        id,
        prompt,
        new Expectations(List.of(contains), List.<Pattern>of(), List.of()),
        List.of(),
        Optional.empty(),
        Path.of("cases", id + ".json"),
        CaseLoader.sha256((id + prompt).getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code count} cases named case-000, case-001, … planned in both arms. */
  static List<Job> jobs(int count, String prompt) {
    List<TestCase> cases = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      cases.add(testCase(String.format("case-%03d", i), prompt, "fake"));
    }
    return Evaluation.plan(cases, List.of(new Arm(Arm.WITH_MCP, Optional.of(new McpConfig(Path.of("mcp.json"), List.of("repo"))), Optional.empty()), Arm.withoutMcp()), 1);
  }

  static RunResult passed(Job job) {
    return new RunResult(
        job.index(),
        job.testCase().id(),
        job.arm().label(),
        job.run(),
        RunStatus.PASSED,
        1,
        0,
        1,
        1,
        0.0,
        RunResult.Usage.NONE,
        RunResult.ToolCalls.NONE,
        List.of(),
        "fake",
        List.of(),
        null,
        job.transcriptName());
  }
}
