package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.process.Ending;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.McpConfig;

/**
 * What a run of a job hands its agent's adapter, and what the adapter's reader gets back: the
 * adapter of the arm's agent, the binary, the environment with the arm's own variables, the arm's
 * MCP config with its placeholders filled in for the run, the model and limits ({@link
 * AgentCli.RunSetup}); and the servers and stderr a reader needs ({@link AgentCli.StreamContext}).
 */
final class RunSetups {
  private final AgentOptions options;
  private final Map<String, String> environment;
  private final Map<String, AgentCli> clis;

  RunSetups(AgentOptions options, Map<String, String> environment, List<AgentCli> clis) {
    this.options = options;
    this.environment = environment;
    Map<String, AgentCli> byName = new LinkedHashMap<>();
    clis.forEach(cli -> byName.put(cli.name(), cli));
    this.clis = Map.copyOf(byName);
  }

  /** The adapter of the job's agent. */
  AgentCli cli(Job job) {
    String agent = job.arm().agent().agent();
    AgentCli cli = clis.get(agent);
    if (cli == null) {
      throw new IllegalStateException("no adapter for agent '" + agent + "'");
    }
    return cli;
  }

  /**
   * What one run of {@code job} gets, working in {@code workDir}, its private home being {@code
   * home}, where its MCP config goes when the placeholders of the arm's are filled in (or its
   * servers' prepare steps left out).
   */
  AgentCli.RunSetup setup(Job job, Path home, Path workDir) throws IOException {
    AgentSpec agent = job.arm().agent();
    AgentCli cli = cli(job);
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(agent.env());
    Path tmp = home.resolve(ConfigDirs.TMP);
    Optional<McpConfig> mcp = job.arm().mcpConfig();
    // A server's prepare step is the harness's: the agent gets a copy of the file without it.
    if (mcp.isPresent() && (mcp.get().hasPlaceholders() || mcp.get().hasPrepare())) {
      mcp =
          Optional.of(
              mcp.get()
                  .filledIn(
                      Map.of(
                          "REPO",
                          workDir.toAbsolutePath().toString(),
                          "CASE_ID",
                          job.testCase().id()),
                      home.resolve("repo-search-eval-mcp.json")));
    }
    return new AgentCli.RunSetup(
        job.testCase().prompt(),
        mcp,
        options.binaries().of(cli, agent),
        agent.args(),
        env,
        workDir,
        home,
        tmp,
        job.arm().model().or(options::model),
        options.maxTurns(),
        options.maxCostPerRunUsd(),
        options.noTools());
  }

  static AgentCli.StreamContext context(Job job, Ending ending, Optional<String> model) {
    List<String> servers = job.arm().mcpConfig().map(McpConfig::serverNames).orElse(List.of());
    String stderr = ending instanceof Ending.Started started ? started.stderrTail() : "";
    return new AgentCli.StreamContext(servers, stderr == null ? "" : stderr, model.orElse(null));
  }
}
