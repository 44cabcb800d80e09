package org.reposearcheval.evals.agent.codex;

import java.util.List;
import org.reposearcheval.evals.run.McpServer;

/**
 * The arm's MCP servers and whether they came up, which codex does not report: every server is
 * {@code required} ({@link CodexMcp}), so codex starts no turn before each of them is up, and exits
 * 1 with {@code required MCP servers failed to initialize: <name>: <why>; …} on stderr, printing
 * nothing on stdout, when one is not. A started turn therefore proves every configured server
 * connected; that message names the ones that failed. Neither (codex stopped before it knew) leaves
 * them unknown.
 */
final class CodexServers {
  static final String FAILED = "required MCP servers failed to initialize: ";

  /** The servers as far as known, and codex's words when some failed. */
  record Status(List<McpServer> servers, String failure) {}

  private CodexServers() {}

  static Status of(List<String> configured, boolean turnStarted, String stderr) {
    if (configured.isEmpty()) {
      return new Status(List.of(), null);
    }
    int at = stderr.lastIndexOf(FAILED);
    if (at >= 0) {
      String list =
          stderr
              .substring(at + FAILED.length())
              .lines()
              .findFirst()
              .orElse("")
              .replaceFirst(" \\(code -?\\d+\\)$", "");
      List<String> failed = configured.stream().filter(name -> named(list, name)).toList();
      // A name codex spelled otherwise: a required server failed, which one is unclear.
      List<String> down = failed.isEmpty() ? configured : failed;
      return new Status(
          down.stream().map(name -> new McpServer(name, "failed")).toList(), FAILED + list);
    }
    if (turnStarted) {
      return new Status(
          configured.stream().map(name -> new McpServer(name, "connected")).toList(), null);
    }
    return new Status(List.of(), null);
  }

  /** Whether {@code list} ({@code a: why; b: why}) names {@code server}, quoted or not. */
  private static boolean named(String list, String server) {
    for (String name : List.of(server, "\"" + server + "\"")) {
      if (list.startsWith(name + ": ") || list.contains("; " + name + ": ")) {
        return true;
      }
    }
    return false;
  }
}
