package org.reposearcheval.evals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reposearcheval.evals.ContractAgent.Api;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;

/**
 * MCP servers the user or the repository configured never start in a run of the harness, for each
 * pinned CLI: marking servers ({@link RealParts#markingServer}) planted where the CLI looks for
 * them stay unstarted through both arms, and the plain CLI on the same home and repository (the
 * positive control) starts each of them, so that "none started" is a finding.
 */
class PlantedServersContractIT extends ContractTestBase {
  /** The five, and Claude Code once more with its configuration in {@code CLAUDE_CONFIG_DIR}. */
  static List<ContractAgent> userConfigs() {
    List<ContractAgent> all = new ArrayList<>(agents());
    all.add(new ClaudeContract(true));
    return all;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userConfigs")
  void serversOfTheUserNeverStartThoughThePlainCliStartsThem(ContractAgent agent) throws Exception {
    assertPlantedServersStayOut(agent, false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void serversOfTheRepositoryNeverStartThoughThePlainCliStartsThem(ContractAgent agent)
      throws Exception {
    assertPlantedServersStayOut(agent, true);
  }

  /**
   * Plants marking servers where the user (or the repository) keeps them, runs both arms through
   * the harness and sees none started; then runs the plain CLI on the same home and repository and
   * sees each of them start, so that "none started" is a finding.
   */
  private void assertPlantedServersStayOut(ContractAgent agent, boolean inRepository)
      throws Exception {
    try (Api api = agent.start(seen -> readWidget(agent, seen), KEY)) {
      Map<String, String> env = environment(api);
      List<String> planted =
          inRepository
              ? agent.plantRepoServers(dir, home, repo, env)
              : agent.plantUserServers(dir, home, repo, env);
      RunResult mcp;
      RunResult baseline;
      try (AgentSolver solver = solver(agent, env, Duration.ofMinutes(2))) {
        mcp = solver.solve(new Job(0, WIDGET, withMcp(agent, api, serverOnRepo()), 1));
        baseline =
            solver.solve(new Job(1, WIDGET, agent.arm(api, Arm.WITHOUT_MCP, Optional.empty()), 1));
      }

      assertEquals(List.of(), RealParts.started(dir), "planted servers were started");
      assertEquals(RunStatus.PASSED, mcp.status(), mcp.error());
      assertEquals(List.of(new McpServer("repo", "connected")), mcp.mcpServers());
      assertEquals(RunStatus.PASSED, baseline.status(), baseline.error());
      assertEquals(List.of(), baseline.mcpServers());
      assertEquals(
          List.of(agent.offeredMcpRead()),
          api.offered().get().stream()
              .flatMap(List::stream)
              .filter(tool -> tool.contains("read_text_file"))
              .distinct()
              .toList(),
          "the model was offered the tools of no planted server");
      assertEquals(List.of(), processes.alive(), "processes outlived the runs");

      // The positive control: the CLI as the user runs it starts every planted server.
      agent.plainEnvironment(api, env);
      env.put("PWD", repo.toString()); // as a shell sets it; OpenCode takes its project from it
      try (PlainCli plain =
          PlainCli.start(
              agent.plainCommand(api, home, WIDGET.prompt()), repo, env, dir.resolve("plain"))) {
        try {
          await()
              .atMost(agent.startupAllowance().multipliedBy(2))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> RealParts.started(dir).stream().distinct().sorted().toList(),
                  planted::equals);
        } catch (ConditionTimeoutException e) {
          throw new AssertionError(
              "the plain CLI did not start " + planted + ": " + plain.stderrTail(), e);
        }
      }
    }
  }
}
