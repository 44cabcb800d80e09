package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reposearcheval.evals.ContractAgent.Api;
import org.reposearcheval.evals.ContractAgent.Turn;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.McpServer;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.run.Retries;
import org.reposearcheval.evals.run.Retrying;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.TestCase;

/**
 * One contract for every adapter: each pinned CLI ({@link ContractAgent#all}) through the same
 * scenarios, with the real {@code @modelcontextprotocol/server-filesystem} and its scripted API on
 * 127.0.0.1, driven by the harness's {@link AgentSolver}. The model's script is the same for all:
 * it reads {@code src/Widget.java} with the server's tool when offered, with the agent's own
 * otherwise, and answers with what it read. Processes are seen in {@code /proc} ({@link
 * TestProcesses}), never through the harness's own bookkeeping. A hang is in {@link
 * HangContractIT}, planted servers in {@link PlantedServersContractIT}; what only one agent does is
 * in its own test ({@code ClaudeCodeIT}, {@code CodexIT}, …).
 */
class AgentContractIT extends ContractTestBase {
  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void mcpRoundTripShowsTheCallWithItsResult(ContractAgent agent) throws Exception {
    try (Api api = agent.start(seen -> readWidget(agent, seen), KEY);
        AgentSolver solver = solver(agent, environment(api), Duration.ofMinutes(2))) {
      RunResult r = solver.solve(new Job(0, WIDGET, withMcp(agent, api, serverOnRepo()), 1));

      assertEquals(List.of(), api.failures().get());
      assertEquals(RunStatus.PASSED, r.status(), r.error() + "; " + r.answer());
      assertEquals(List.of(new McpServer("repo", "connected")), r.mcpServers());
      assertEquals(Map.of(ContractAgent.MCP_READ, 1), r.toolCalls().byName());
      assertEquals(2, r.numTurns());
      assertEquals(0, r.mcpUse().turnsBeforeFirstCall());
      assertTrue(r.answer().contains("builds widgets"), r.answer());
      assertTrue(r.usage().inputTokens() > 0, r.usage().toString());
      ReportSchemas.assertValid(r);
      RealParts.assertMcpTurnShown(out(), r, "repo", "read_text_file", "builds widgets");
      RealParts.assertNoFileContains(out(), KEY);
      assertEquals(List.of(), processes.alive(), "processes outlived the run");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void baselineSeesNoServerAndReadsWithItsOwnTool(ContractAgent agent) throws Exception {
    try (Api api = agent.start(seen -> readWidget(agent, seen), KEY);
        AgentSolver solver = solver(agent, environment(api), Duration.ofMinutes(2))) {
      RunResult r =
          solver.solve(new Job(0, WIDGET, agent.arm(api, Arm.WITHOUT_MCP, Optional.empty()), 1));

      assertEquals(RunStatus.PASSED, r.status(), r.error() + "; " + r.answer());
      assertEquals(List.of(), r.mcpServers());
      assertEquals(Map.of(agent.recordedBuiltInRead(), 1), r.toolCalls().byName());
      assertEquals(0, r.toolCalls().mcp());
      assertTrue(r.answer().contains("WidgetFactory"), r.answer());
      List<List<String>> offered = api.offered().get();
      assertTrue(offered.stream().anyMatch(tools -> !tools.isEmpty()), "no tool offered");
      assertTrue(
          offered.stream().flatMap(List::stream).noneMatch(t -> t.contains("read_text_file")),
          "the baseline was offered a server's tool: " + offered);
      RealParts.assertNoFileContains(out(), KEY);
      assertEquals(List.of(), processes.alive(), "processes outlived the run");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void rateLimitIsRetriedByTheHarnessAndAServerThatCannotStartVoidsTheRun(ContractAgent agent)
      throws Exception {
    // A user whose ~/.bashrc takes a while: a CLI that sources it for a shell snapshot and exits
    // on the 429 would leave that shell running.
    Files.writeString(home.resolve(".bashrc"), "sleep 5\n");
    int refusals = agent.refusalsUntilTheCliGivesUp();
    AtomicInteger turns = new AtomicInteger();
    ContractAgent.Model model =
        seen ->
            turns.getAndIncrement() < refusals
                ? new Turn.RateLimited()
                : new Turn.Answer("the answer is hello");
    AdaptiveLimit limit = new AdaptiveLimit(4);
    try (Api api = agent.start(model, KEY);
        AgentSolver agents =
            new AgentSolver(agent.options(repo, Duration.ofMinutes(2)), out(), environment(api))) {
      Solver solver =
          new Retrying(
              agents, new Retries(2, Duration.ofMillis(50), limit, MemoryFloor.NONE), out());
      TestCase hello = TestJobs.testCase("hello", "What does README say?", "hello");
      RunResult retried =
          solver.solve(new Job(0, hello, agent.arm(api, Arm.WITHOUT_MCP, Optional.empty()), 1));

      assertEquals(RunStatus.PASSED, retried.status(), retried.error());
      assertEquals(2, retried.attempts(), "the CLI gave up and the harness tried again");
      assertEquals(refusals + 1, turns.get(), "every refusal reached the CLI");
      assertEquals(2, limit.current(), "the 429 halved the runs allowed in flight");
      String firstAttempt = retried.transcript().replace(".jsonl", ".attempt1.jsonl");
      assertTrue(Files.isRegularFile(out().resolve(firstAttempt)), "the refused attempt is kept");

      Path broken = dir.resolve("broken-mcp.json");
      Files.writeString(
          broken, "{\"mcpServers\": {\"repo\": {\"command\": \"/nonexistent/mcp-server\"}}}");
      RunResult invalid = solver.solve(new Job(1, hello, withMcp(agent, api, broken), 1));

      assertEquals(RunStatus.INVALID, invalid.status(), invalid.error());
      assertEquals(List.of(new McpServer("repo", "failed")), invalid.mcpServers());
    }
    assertEquals(List.of(), processes.alive(), "processes outlived the runs");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void everyWriteIsRefusedAndTheRepositoryStaysAsItWas(ContractAgent agent) throws Exception {
    List<Turn.Call> writes = agent.writes(repo, source);
    Map<String, String> before = RealParts.snapshot(repo);
    List<Optional<String>> results = new ArrayList<>();
    ContractAgent.Model model =
        seen -> {
          synchronized (results) {
            results.add(seen.toolResult());
            int step = results.size() - 1;
            return step < writes.size()
                ? writes.get(step)
                : new Turn.Answer("I could not change anything.");
          }
        };
    try (Api api = agent.start(model, KEY);
        AgentSolver solver = solver(agent, environment(api), Duration.ofMinutes(2))) {
      TestCase vandal = TestJobs.testCase("vandal", "Change the repository.", "could not");
      RunResult r = solver.solve(new Job(0, vandal, withMcp(agent, api, serverOnRepo()), 1));

      assertEquals(RunStatus.PASSED, r.status(), r.error() + "; " + r.answer());
      assertEquals(writes.size() + 1, results.size(), "every attempt reached the agent");
      assertTrue(
          results.subList(1, results.size()).stream().allMatch(Optional::isPresent),
          "each attempt was answered: " + results);
      assertEquals(before, RealParts.snapshot(repo), "the repository changed");
      agent
          .refusalSays()
          .ifPresent(
              says ->
                  assertTrue(
                      results.stream().flatMap(Optional::stream).anyMatch(t -> t.contains(says)),
                      results.toString()));
      for (List<String> offered : api.offered().get()) {
        for (String writer : agent.writersNeverOffered()) {
          assertFalse(offered.contains(writer), writer + " was offered");
        }
      }
    }
    assertEquals(List.of(), processes.alive(), "processes outlived the run");
  }
}
