package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An arm's MCP config that an agent cannot take in its own form: a server name it refuses, a
 * transport it lacks, a variable that is not set. Thrown by an adapter's {@link
 * AgentCli#invocation}; {@link AgentSolver#checkMcpTranslation} makes it one error naming the
 * agent, the server and the field, before anything runs.
 */
public final class UnexpressibleMcpConfig extends IOException {
  private final Path file;
  private final String server;
  private final String field;
  private final String problem;

  /**
   * {@code field} within server {@code server} of {@code file}: {@code type}, {@code args[0]}, or
   * empty for the server's name.
   */
  public UnexpressibleMcpConfig(Path file, String server, String field, String problem) {
    super(file + ": " + path(server, field) + ": " + problem);
    this.file = file;
    this.server = server;
    this.field = field;
    this.problem = problem;
  }

  private static String path(String server, String field) {
    return "mcpServers." + server + (field.isEmpty() ? "" : "." + field);
  }

  /** The error for the user: {@code agent}, which cannot take it, {@code arm}, and the rest. */
  String describe(String agent, String arm) {
    return String.format(
        "%s cannot take MCP server '%s' of arm %s: %s: field '%s': %s",
        agent, server, arm, file, path(server, field), problem);
  }
}
