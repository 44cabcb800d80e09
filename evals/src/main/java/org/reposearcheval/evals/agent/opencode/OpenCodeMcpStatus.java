package org.reposearcheval.evals.agent.opencode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reposearcheval.evals.run.McpServer;

/**
 * Whether each MCP server of an OpenCode run came up. OpenCode reports no server status in its JSON
 * events; what it does say, run with {@code --print-logs --log-level WARN}, is a warning on stderr
 * for every configured server that did not connect ({@code message="server unavailable" key=<name>
 * type=local status=failed}; {@code needs_auth} for a remote one that wants a login), logged when
 * its MCP state starts, before the first model call.
 *
 * <p>So a server is {@code failed} (or OpenCode's other status) when stderr says so; {@code
 * connected} when stderr holds no such line for it and can be read whole, or when the run called
 * one of its tools and OpenCode ran the call (only a connected server's tools are offered); and
 * {@code unknown} (not connected, so a with-MCP run is {@code invalid}) when neither can be told:
 * the harness keeps only the last 4 KiB of stderr, and a run that filled them may have lost the
 * line. A warning for a server the arm did not configure is a server that leaked in: it is
 * reported, so the run is {@code invalid}.
 */
final class OpenCodeMcpStatus {
  /** What the harness keeps of stderr ({@code AgentProcess}), less a margin for stripping. */
  static final int WHOLE_BELOW_BYTES = 4096 - 256;

  private static final Pattern UNAVAILABLE = Pattern.compile("message=\"server unavailable\"");
  private static final String VALUE = "(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)";
  private static final Pattern KEY = Pattern.compile("\\bkey=" + VALUE);
  private static final Pattern STATUS = Pattern.compile("\\bstatus=" + VALUE);

  private OpenCodeMcpStatus() {}

  /**
   * The servers of a run: each configured one with its status, then those stderr names that were
   * not configured.
   *
   * @param configured the arm's servers, by the names its MCP config gives them
   * @param stderrTail what the harness kept of the run's stderr
   * @param calledServers the sanitized names of servers whose tools OpenCode ran
   */
  static List<McpServer> of(List<String> configured, String stderrTail, Set<String> calledServers) {
    Map<String, String> unavailable = unavailable(stderrTail);
    boolean whole = stderrTail.getBytes(StandardCharsets.UTF_8).length < WHOLE_BELOW_BYTES;
    List<McpServer> servers = new ArrayList<>();
    for (String name : configured) {
      String failed = unavailable.remove(name);
      String status;
      if (failed != null) {
        status = failed;
      } else if (whole || calledServers.contains(ToolNames.sanitize(name))) {
        status = "connected";
      } else {
        status = "unknown";
      }
      servers.add(new McpServer(name, status));
    }
    unavailable.forEach((name, status) -> servers.add(new McpServer(name, status)));
    return servers;
  }

  /** The servers stderr says did not connect, with the status it gives. */
  static Map<String, String> unavailable(String stderr) {
    Map<String, String> servers = new LinkedHashMap<>();
    for (String line : stderr.split("\n")) {
      if (!UNAVAILABLE.matcher(line).find()) {
        continue;
      }
      Matcher key = KEY.matcher(line);
      if (key.find()) {
        Matcher status = STATUS.matcher(line);
        servers.put(unquote(key.group(1)), status.find() ? unquote(status.group(1)) : "failed");
      }
    }
    return servers;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\")
        : value;
  }
}
