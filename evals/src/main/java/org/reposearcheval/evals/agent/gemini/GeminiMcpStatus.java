package org.reposearcheval.evals.agent.gemini;

import java.util.List;
import java.util.Set;
import org.reposearcheval.evals.run.McpServer;

/**
 * Whether each configured MCP server came up in a run, which Gemini CLI does not report.
 *
 * <p>The rule, from how the pinned CLI (0.61.0) starts headless: it awaits the connection and tool
 * discovery of every configured server before it prints its {@code init} event, and a server that
 * fails to start, to connect, or to list any tool makes it print {@code MCP issues detected. Run
 * /mcp list for status.} on stderr, naming no server. So:
 *
 * <ul>
 *   <li>a server one of whose tools returned a result in the run is {@code connected};
 *   <li>otherwise, with that line on stderr, every server is {@code failed}: which one failed is
 *       not said, and a with-MCP run with one failed server is invalid anyway;
 *   <li>otherwise a server is {@code connected} once the {@code init} event was printed;
 *   <li>without an {@code init} event no server is reported: the CLI ended before it started any
 *       (bad flag, auth), and the run is an error, not a verdict on MCP.
 * </ul>
 *
 * <p>Limits: a remote server that asks for an OAuth login is reported by the CLI at info level,
 * without that line, and so counts as connected; a tool of a connected server that the CLI could
 * not parse prints the line too, and so fails the run; more than 4 KB of stderr after startup would
 * push the line out of the tail the harness keeps (nothing the CLI prints headless comes near).
 */
final class GeminiMcpStatus {
  static final String ISSUES = "MCP issues detected";

  private GeminiMcpStatus() {}

  /**
   * The status of each of {@code configured}, in order; {@code answered} holds the servers whose
   * tools returned a result, named as in {@code mcp__<server>__<tool>}.
   */
  static List<McpServer> of(
      List<String> configured, boolean initialized, Set<String> answered, String stderrTail) {
    if (!initialized) {
      return List.of();
    }
    boolean issues = stderrTail != null && stderrTail.contains(ISSUES);
    return configured.stream()
        .map(
            server -> {
              boolean called = answered.contains(server.replaceAll("[^A-Za-z0-9_-]", "_"));
              return new McpServer(server, called || !issues ? "connected" : "failed");
            })
        .toList();
  }
}
