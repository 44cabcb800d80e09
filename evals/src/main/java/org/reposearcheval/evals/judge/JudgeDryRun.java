package org.reposearcheval.evals.judge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.agent.Binaries;
import org.reposearcheval.evals.agent.WorkDirs;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.FileTrees;

/**
 * How the judge would grade an answer to a case, as {@code --dry-run} shows it: the command line
 * and stdin of one judge run, built by the judge agent's adapter as a real judge run is (no tools,
 * no MCP server, an empty working directory), with {@link #ANSWER} where the run's answer goes.
 * Nothing is started, not even the judge's {@code --version}.
 */
public final class JudgeDryRun {
  /** What stands in the judge's prompt for the answer the run has not given yet. */
  public static final String ANSWER = "<the run's answer>";

  private JudgeDryRun() {}

  /** One judge run of an answer to {@code testCase}, {@code label} naming it. */
  public static AgentCli.Invocation invocation(
      Judge.Settings settings,
      Binaries binaries,
      Map<String, String> environment,
      TestCase testCase,
      String label)
      throws IOException {
    Path emptyDir = Files.createTempDirectory("repo-search-eval-judge-dry-run-");
    try (AgentSolver solver =
        new AgentSolver(
            Judge.options(settings, binaries, emptyDir),
            emptyDir,
            environment,
            WorkDirs.in(emptyDir))) {
      String prompt =
          JudgePrompt.standard().render(testCase.prompt(), testCase.expect().judged(), ANSWER);
      return solver.dryRun(new Job(0, Judge.question(label, prompt), Judge.arm(settings), 1));
    } finally {
      FileTrees.delete(emptyDir);
    }
  }
}
