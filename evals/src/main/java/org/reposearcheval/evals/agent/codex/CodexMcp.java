package org.reposearcheval.evals.agent.codex;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.reposearcheval.evals.agent.UnexpressibleMcpConfig;
import org.reposearcheval.evals.process.ProcessTree;
import org.reposearcheval.evals.suite.McpConfig;

/**
 * The arm's MCP servers in codex's own form: one {@code -c mcp_servers={…}} override holding every
 * server as an inline TOML table. As one value for the whole {@code mcp_servers} table it replaces
 * any server an earlier {@code -c mcp_servers.<name>…} of the arm's own arguments added (verified
 * with codex 0.169), so the harness's servers win; a baseline gets the empty table. Per-key
 * overrides ({@code -c mcp_servers.<name>.command=…}) would not do: codex splits their path at
 * every dot, so a server named {@code my.server} could not be given.
 *
 * <p>Every server is {@code required}: codex then waits for it before the first model request (an
 * optional one may still be starting, its tools missing from that request) and exits 1 with {@code
 * required MCP servers failed to initialize} when it cannot start it.
 *
 * <p>codex starts a local server with only a few variables of its own environment ({@code HOME},
 * {@code PATH}, …) besides the server's {@code env}. Claude Code's servers inherit all of it, and
 * so must the harness's run marker ({@link ProcessTree#RUN_MARKER}), by which a server that
 * outlives its run is found and stopped: every server gets {@code env_vars}, the names of the
 * variables codex passes on, naming the run's whole environment but the header values.
 */
final class CodexMcp {
  /** Server names codex accepts: its own check, from its error message for another name. */
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_:@/.-]+");

  /** Header values go to codex in variables of these names, never on its command line. */
  static final String HEADER_VARIABLE = "REPO_SEARCH_EVAL_MCP_HEADER_";

  /** The {@code -c} arguments, and the variables the headers' values travel in. */
  record Overrides(List<String> args, Map<String, String> environment) {}

  private CodexMcp() {}

  /**
   * The override for {@code config}'s servers, or for none when the arm is a baseline; {@code
   * inherited}: the names of the variables codex runs with, which its local servers get too.
   */
  static Overrides of(Optional<McpConfig> config, Map<String, String> runEnvironment)
      throws IOException {
    Map<String, String> environment = new LinkedHashMap<>();
    Map<String, String> servers = new LinkedHashMap<>();
    Set<String> passed = new TreeSet<>(runEnvironment.keySet());
    passed.add(ProcessTree.RUN_MARKER);
    EnvExpansion expansion = new EnvExpansion(runEnvironment);
    if (config.isPresent()) {
      for (McpConfig.Server server : config.get().servers()) {
        servers.put(server.name(), server(config.get(), server, expansion, environment, passed));
      }
    }
    return new Overrides(List.of("-c", "mcp_servers=" + Toml.table(servers)), environment);
  }

  private static String server(
      McpConfig config,
      McpConfig.Server server,
      EnvExpansion expansion,
      Map<String, String> environment,
      Set<String> inherited)
      throws IOException {
    Expansion where = new Expansion(config, server, expansion);
    if (!NAME.matcher(server.name()).matches()) {
      throw new UnexpressibleMcpConfig(
          config.file(),
          server.name(),
          "",
          "codex accepts server names of letters, digits and _ : @ / . - only; rename the"
              + " server");
    }
    Map<String, String> table = new LinkedHashMap<>();
    if (server.local()) {
      table.put("command", Toml.string(where.expand(server.command(), "command")));
      List<String> args = new ArrayList<>();
      for (int i = 0; i < server.args().size(); i++) {
        args.add(where.expand(server.args().get(i), "args[" + i + "]"));
      }
      table.put("args", Toml.array(args));
      if (!server.env().isEmpty()) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : server.env().entrySet()) {
          String name = variable.getKey();
          env.put(name, where.expand(variable.getValue(), "env." + name));
        }
        table.put("env", Toml.stringTable(env));
      }
      table.put("env_vars", Toml.array(List.copyOf(inherited)));
    } else {
      if (server.type().equals("sse")) {
        throw new UnexpressibleMcpConfig(
            config.file(),
            server.name(),
            "type",
            "codex 0.169 reaches remote MCP servers over streamable HTTP only, not SSE; give"
                + " the server's streamable HTTP endpoint (type \"http\")");
      }
      table.put("url", Toml.string(where.expand(server.url(), "url")));
      if (!server.headers().isEmpty()) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : server.headers().entrySet()) {
          String variable = HEADER_VARIABLE + environment.size();
          environment.put(variable, where.expand(header.getValue(), "headers." + header.getKey()));
          headers.put(header.getKey(), variable);
        }
        // env_http_headers: header name -> the variable codex reads its value from.
        table.put("env_http_headers", Toml.stringTable(headers));
      }
    }
    table.put("required", "true");
    return Toml.table(table);
  }

  /** A server's values with {@code ${VAR}} expanded; a variable not set names the field. */
  private record Expansion(McpConfig config, McpConfig.Server server, EnvExpansion expansion) {
    String expand(String value, String field) throws UnexpressibleMcpConfig {
      try {
        return expansion.expand(value);
      } catch (EnvExpansion.Unset e) {
        throw new UnexpressibleMcpConfig(config.file(), server.name(), field, e.getMessage());
      }
    }
  }

  /**
   * A server's name as tool names spell it: codex's namespace {@code mcp__a_b} for server {@code
   * a.b}, and the harness's {@code mcp__<server>__<tool>} likewise.
   */
  static String sanitized(String server) {
    return server.replaceAll("[^A-Za-z0-9_-]", "_");
  }
}
