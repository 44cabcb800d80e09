package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.reposearcheval.evals.ContractAgent.Api;
import org.reposearcheval.evals.ContractAgent.Turn;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.TestCase;

/**
 * What the contract tests ({@link AgentContractIT}, {@link PlantedServersContractIT}) share: the
 * five pinned CLIs ({@link ContractAgent#all}), a repository of one file, {@code src/Widget.java},
 * a home of the test's own, and the scripted model that reads that file with the server's tool when
 * offered and with the agent's own otherwise, and answers with what it read.
 */
abstract class ContractTestBase extends RealCliTestBase {
  static final String KEY = "contract-it-planted-secret-0123456789";
  static final TestCase WIDGET =
      TestJobs.testCase("widget", "Which class builds widgets?", "WidgetFactory");

  Path repo;
  Path source;
  Path home;

  static List<ContractAgent> agents() {
    return ContractAgent.all();
  }

  @BeforeEach
  void makeRepository() throws IOException {
    repo = Files.createDirectories(dir.resolve("repo")).toRealPath();
    source = RealParts.widgetRepo(repo);
    home = Files.createDirectories(dir.resolve("home"));
  }

  /** Reads the widget source: with the server's tool when offered, else the agent's own. */
  Turn readWidget(ContractAgent agent, ContractAgent.Seen seen) {
    if (seen.toolResult().isPresent()) {
      return new Turn.Answer("ANSWER from src/Widget.java: " + seen.toolResult().get());
    }
    if (seen.tools().contains(agent.offeredMcpRead())) {
      return new Turn.Call(agent.offeredMcpRead(), Map.of("path", source.toString()));
    }
    return agent.builtInRead(source);
  }

  Arm withMcp(ContractAgent agent, Api api, Path config) {
    return agent.arm(api, Arm.WITH_MCP, Optional.of(McpConfig.load(config)));
  }

  /** {@code <dir>/mcp.json}: the real filesystem server on the repository, as {@code repo}. */
  Path serverOnRepo() throws IOException {
    return Files.writeString(
        dir.resolve("mcp.json"), RealParts.mcpServers(List.of(RealParts.server("repo", repo))));
  }

  /** The API's environment with a home of the test's own, tagged. */
  Map<String, String> environment(Api api) {
    Map<String, String> env = new HashMap<>(api.environment());
    env.put("HOME", home.toString());
    return processes.tag(env);
  }

  AgentSolver solver(ContractAgent agent, Map<String, String> env, Duration timeout) {
    return new AgentSolver(agent.options(repo, timeout), out(), env);
  }

  Path out() {
    return dir.resolve("out");
  }
}
