package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.suite.ServerManifest;

/**
 * The "MCP servers" section of {@code report.md} and {@code report.html}: each MCP server as it
 * answered the harness before any run ({@code config.arms[].mcpManifest}), one row per server of
 * the arms that asked the same servers alike, each tool with the start of its schema hash.
 */
final class ManifestReport {
  static final String TITLE = "MCP servers";

  static final String NOTE =
      "Each arm's MCP servers as they answered the harness itself (initialize and tools/list)"
          + " before any agent started; the hash is of each tool's input schema, its keys sorted.";

  static final List<String> COLUMNS =
      List.of("arms", "server", "reached over", "name", "version", "answered in", "tools");

  /** So many hex digits of a schema hash are shown: enough to tell schemas apart by eye. */
  static final int HASH_DIGITS = 12;

  private ManifestReport() {}

  /** One server as asked for {@code arms}. */
  record Row(String arms, ServerManifest server) {
    String name() {
      return server.name() == null ? "(not given)" : server.name();
    }

    String version() {
      return server.version() == null ? "(not given)" : server.version();
    }

    String answeredIn() {
      return server.startMs() + " ms";
    }

    /** {@code N:} and each tool as {@code name (hash)}. */
    String tools() {
      List<String> tools = new ArrayList<>();
      for (ServerManifest.Tool tool : server.tools()) {
        tools.add(tool.name() + " (" + shortHash(tool.schemaHash()) + ")");
      }
      return server.tools().size() + (tools.isEmpty() ? "" : ": " + String.join(", ", tools));
    }

    List<String> cells() {
      return List.of(
          arms, server.server(), server.transport(), name(), version(), answeredIn(), tools());
    }
  }

  /**
   * The rows, arms whose servers answered alike on one row (joined by {@code , }), in the arms'
   * order; empty when no arm's servers were asked.
   */
  static List<Row> rows(Report report) {
    Map<List<ServerManifest>, List<String>> armsBySame = new LinkedHashMap<>();
    report
        .config()
        .mcpManifest()
        .forEach(
            (arm, servers) -> {
              if (!servers.isEmpty()) {
                armsBySame.computeIfAbsent(servers, s -> new ArrayList<>()).add(arm);
              }
            });
    List<Row> rows = new ArrayList<>();
    armsBySame.forEach(
        (servers, arms) -> servers.forEach(s -> rows.add(new Row(String.join(", ", arms), s))));
    return rows;
  }

  /** {@code sha256:} and the first {@link #HASH_DIGITS} hex digits. */
  static String shortHash(String hash) {
    String hex = hash.startsWith("sha256:") ? hash.substring("sha256:".length()) : hash;
    return hex.substring(0, Math.min(HASH_DIGITS, hex.length()));
  }
}
