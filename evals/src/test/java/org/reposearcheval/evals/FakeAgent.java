package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.agent.Binaries;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;

/**
 * The test agent {@code src/test/agent/fake-claude}, which behaves like {@code claude -p} as its
 * prompt says, and the state directory where its processes mark themselves while running.
 */
public final class FakeAgent {
  public static final Path SCRIPT = Path.of("src/test/agent/fake-claude").toAbsolutePath();

  /** A minimal MCP server that answers the harness's handshake ({@code initialize}, tools). */
  public static final Path MCP_SERVER = Path.of("src/test/agent/fake-mcp-server").toAbsolutePath();

  public final Path state;
  public final Path output;
  public final McpConfig mcpConfig;
  public final Arm withMcp;

  public FakeAgent(Path dir) throws IOException {
    state = Files.createDirectories(dir.resolve("state"));
    output = Files.createDirectories(dir.resolve("out"));
    Path mcp = dir.resolve("mcp.json");
    Files.writeString(
        mcp, "{\"mcpServers\":{\"repo\":{\"command\":\"" + MCP_SERVER + "\",\"args\":[]}}}");
    mcpConfig = McpConfig.load(mcp);
    withMcp = Arm.withMcp(mcpConfig);
  }

  public Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("FAKE_CLAUDE_STATE", state.toString());
    env.put("CLAUDECODE", "1");
    return env;
  }

  public AgentSolver solver(Duration timeout) {
    return solver(timeout, environment());
  }

  /** A solver that starts {@link #SCRIPT} as claude with {@code env} instead of the usual one. */
  public AgentSolver solver(Duration timeout, Map<String, String> env) {
    return new AgentSolver(options(timeout), output, env);
  }

  /** Runs {@link #SCRIPT} as claude in the directory this agent was made in. */
  public AgentOptions options(Duration timeout) {
    return new AgentOptions(
        Binaries.of("claude", SCRIPT.toString()),
        state.getParent(),
        Optional.empty(),
        Optional.empty(),
        timeout);
  }

  public int running() throws IOException {
    Path running = state.resolve("running");
    if (!Files.isDirectory(running)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(running)) {
      return (int) files.count();
    }
  }

  void release() throws IOException {
    Files.writeString(state.resolve("release"), "go");
  }

  public List<Long> grandchildren() throws IOException {
    Path file = state.resolve("grandchildren");
    return Files.exists(file)
        ? Files.readAllLines(file).stream().map(String::strip).map(Long::parseLong).toList()
        : List.of();
  }

  /** The arguments each fake agent process received, keyed by pid. */
  public List<List<String>> recordedArgs() throws IOException {
    try (Stream<Path> files = Files.list(state.resolve("args"))) {
      return files
          .map(
              f -> {
                try {
                  return Files.readAllLines(f);
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              })
          .toList();
    }
  }
}
