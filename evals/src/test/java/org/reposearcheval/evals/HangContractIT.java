package org.reposearcheval.evals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.reposearcheval.evals.ContractAgent.Api;
import org.reposearcheval.evals.ContractAgent.Turn;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.process.ProcessTree;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;

/**
 * Part of the contract of {@link AgentContractIT}: for each pinned CLI, a run whose API never
 * answers ends in {@code timeout}, killed with its MCP servers and the helper one of them started,
 * nothing of it left in {@code /proc}. The five hang at once, each in a directory of its own and
 * seen by a {@link TestProcesses} of its own: a hanging run waits out its timeout idle, so they
 * share the wait instead of taking it five times.
 */
class HangContractIT extends RealCliTestBase {
  /** Room for five CLIs starting at once on a loaded machine. */
  private static final Duration TOGETHER = Duration.ofSeconds(40);

  @Test
  void aHangIsKilledWithTheCliItsServersAndTheirHelpers() throws Exception {
    List<ContractAgent> agents = ContractAgent.all();
    List<CompletableFuture<Void>> hangs = new ArrayList<>();
    for (ContractAgent agent : agents) {
      Path own = Files.createDirectories(dir.resolve(agent.toString().replace(' ', '-')));
      hangs.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  hang(agent, own);
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              },
              task -> Thread.ofVirtual().start(task)));
    }
    List<Executable> each = new ArrayList<>();
    for (int i = 0; i < agents.size(); i++) {
      ContractAgent agent = agents.get(i);
      CompletableFuture<Void> hang = hangs.get(i);
      each.add(
          () -> {
            try {
              hang.get(2, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
              throw new AssertionError(agent + ": " + e.getCause().getMessage(), e.getCause());
            }
          });
    }
    assertAll(each);
  }

  private static void hang(ContractAgent agent, Path dir) throws Exception {
    TestProcesses processes = new TestProcesses(dir);
    Path repo = Files.createDirectories(dir.resolve("repo")).toRealPath();
    Path mcp = dir.resolve("mcp.json");
    Files.writeString(
        mcp,
        RealParts.mcpServers(
            List.of(
                RealParts.server("repo", repo), RealParts.serverWithHelper(dir, "indexer", repo))));
    Duration timeout =
        agent.startupAllowance().compareTo(TOGETHER) > 0 ? agent.startupAllowance() : TOGETHER;
    try (Api api = agent.start(seen -> new Turn.Hang(), ContractTestBase.KEY)) {
      Map<String, String> env = new HashMap<>(api.environment());
      env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
      processes.tag(env);
      Arm arm = agent.arm(api, Arm.WITH_MCP, java.util.Optional.of(McpConfig.load(mcp)));
      Job job = new Job(0, TestJobs.testCase("hang", "Say hello.", "hello"), arm, 1);
      try (AgentSolver solver =
          new AgentSolver(agent.options(repo, timeout), dir.resolve("out"), env)) {
        CompletableFuture<RunResult> run =
            CompletableFuture.supplyAsync(
                () -> solver.solve(job), task -> Thread.ofVirtual().start(task));

        // Every process of the run counted carries the harness's run marker; some CLIs give
        // their servers a minimal environment without the test's tag, found by naming its
        // directory.
        await()
            .atMost(timeout.minusSeconds(2))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  List<LiveProcess> now =
                      processes.alive().stream()
                          .filter(p -> p.setsEnv(ProcessTree.RUN_MARKER))
                          .toList();
                  return now.stream().filter(agent::runs).count() >= 1
                      && TestProcesses.running(now, RealParts.MCP_PROGRAM) == 2
                      && TestProcesses.running(now, RealParts.HELPER_PROGRAM) == 1
                      && !api.offered().get().isEmpty();
                });
        RunResult result = run.get(timeout.plusMinutes(1).toSeconds(), TimeUnit.SECONDS);

        assertEquals(RunStatus.TIMEOUT, result.status(), result.error());
        assertEquals(List.of(), processes.alive(), "alive after the timeout");
      }
    } finally {
      processes.killAll();
    }
  }
}
