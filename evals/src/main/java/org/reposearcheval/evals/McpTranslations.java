package org.reposearcheval.evals;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.TestCase;

/**
 * Every arm's MCP config put in the form of the arm's agent before anything runs, by {@code
 * validate}, {@code --dry-run} and {@code run} alike: a config an agent cannot take (Codex and a
 * server named {@code my server!}, or {@code "type": "sse"}) is one error naming the agent, the
 * server and the field (exit 2), not an error in every with-MCP run.
 */
public final class McpTranslations {
  private McpTranslations() {}

  /** Tries each of {@code arms} on the first case; throws on the first it cannot take. */
  public static void check(
      EvalSettings settings,
      List<TestCase> cases,
      List<Arm> arms,
      Map<String, String> environment) {
    if (cases.isEmpty()) {
      return;
    }
    TestCase sample = cases.getFirst();
    PerRun perRun = settings.perRun();
    AgentOptions options =
        new AgentOptions(
            settings.agent().binaries(),
            settings.agent().repo(),
            perRun.model(),
            perRun.maxTurns(),
            perRun.timeout());
    AgentSolver solver = new AgentSolver(options, Path.of("."), environment);
    Set<String> tried = new HashSet<>();
    for (Arm arm : arms) {
      if (arm.mcpConfig().isPresent()
          && tried.add(arm.agent() + "\0" + arm.mcpConfig().get().file())) {
        solver.checkMcpTranslation(new Job(0, sample, arm, 1));
      }
    }
  }
}
