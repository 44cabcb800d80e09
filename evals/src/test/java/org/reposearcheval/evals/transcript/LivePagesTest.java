package org.reposearcheval.evals.transcript;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.FakeAgent;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.Secrets;

/**
 * The pages written while the runs go are the pages written at the end, and the end writes only
 * what the runs left: a case whose runs all finished is not read again.
 */
@Timeout(60)
class LivePagesTest {
  private static final List<String> ARMS = List.of("with-mcp", "without-mcp");

  @TempDir Path dir;

  @Test
  void pagesWrittenAsRunsEndAreThoseOfTheWholeWriteAndOnlyTheRestIsWrittenAtTheEnd()
      throws Exception {
    FakeAgent agent = new FakeAgent(dir);
    TestCase c1 = TestJobs.testCase("c1", "tool=mcp__repo__search_files answer=It is X", "X");
    TestCase c2 = TestJobs.testCase("c2", "tool=Read answer=It is Y", "Y");
    List<Job> jobs =
        List.of(
            new Job(0, c1, agent.withMcp, 1),
            new Job(1, c1, Arm.withoutMcp(), 1),
            new Job(2, c2, agent.withMcp, 1),
            new Job(3, c2, Arm.withoutMcp(), 1));
    Prompts prompts = Prompts.of(List.of(c1, c2), Secrets.fromEnvironment(Map.of()));
    LivePages live = new LivePages(agent.output, jobs, ARMS, () -> prompts);
    List<RunResult> results = new ArrayList<>();
    try (AgentSolver solver = agent.solver(Duration.ofSeconds(30))) {
      // c2's second run never finishes: the run was stopped before it started.
      for (Job job : jobs.subList(0, 3)) {
        RunResult result = solver.solve(job);
        live.finished(job, result);
        results.add(result);
      }
    }
    results.add(RunResult.cancelled(jobs.get(3), 0, "not started: the run was stopped"));
    assertEquals(RunStatus.PASSED, results.get(0).status(), results.get(0).error());
    // c1's runs have all finished: its pages come while the runs go, c2's only at the end.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.isRegularFile(agent.output.resolve("pages/c1.html")));
    assertFalse(Files.exists(agent.output.resolve("pages/c2.html")), "c2 is not complete");

    // The transcripts, kept aside for the pages written whole at the end.
    Path whole = dir.resolve("whole");
    for (RunResult r : results.subList(0, 3)) {
      Path transcript = whole.resolve(r.transcript());
      Files.createDirectories(transcript.getParent());
      Files.copy(agent.output.resolve(r.transcript()), transcript);
    }
    // c1's transcripts go: had the end read them again, its pages would say so.
    Files.delete(agent.output.resolve(results.get(0).transcript()));
    Files.delete(agent.output.resolve(results.get(1).transcript()));
    Map<String, String> links = live.finish(results);
    Map<String, String> written = pages(agent.output);

    assertEquals(Map.of("c1", "pages/c1.html", "c2", "pages/c2.html"), links);
    assertEquals(
        List.of(
            "c1.html",
            "c2.html",
            "with-mcp/c1-1.html",
            "with-mcp/c2-1.html",
            "without-mcp/c1-1.html",
            "without-mcp/c2-1.html"),
        List.copyOf(written.keySet()));
    assertFalse(
        written.get("with-mcp/c1-1.html").contains("no transcript recorded"),
        "c1 was not read again");

    // The same bytes as the pages written whole at the end, from the same transcripts.
    TranscriptPages.write(whole, results, ARMS, prompts);
    assertEquals(pages(whole), written);
  }

  /** Every page under {@code runDir/pages}, by its path there. */
  private static Map<String, String> pages(Path runDir) throws IOException {
    Path pages = runDir.resolve("pages");
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> files = Files.walk(pages)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        all.put(pages.relativize(file).toString(), Files.readString(file));
      }
    }
    return all;
  }
}
