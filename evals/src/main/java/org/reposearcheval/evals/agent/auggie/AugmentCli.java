package org.reposearcheval.evals.agent.auggie;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.process.ProcessTree;
import org.reposearcheval.evals.suite.McpConfig;

/**
 * The Augment CLI ({@code auggie --print --output-format json}), which talks only to the Augment
 * backend its session names. Each run gets a private {@code HOME} and cache directory (where the
 * CLI keeps its settings, MCP servers and sessions), the arm's MCP servers through {@code
 * --mcp-config} (which replaces the user's and the repository's own), every tool that could change
 * the repository removed (every tool it knows for a run offered no tools), and the prompt in a
 * file.
 *
 * <p>Its JSON result says nothing of tools, turns or tokens, but the CLI saves the whole
 * conversation in its cache directory as the run ends, with every tool call, the backend's token
 * counts and charges. That directory goes with the run's private home, so the command is wrapped in
 * {@code sh}, which prints the saved session as one last JSON line after the CLI exits: everything
 * the reader uses then lies in the transcript, masked like the rest of stdout.
 */
public final class AugmentCli implements AgentCli {
  /** Built-in tools of 0.36.0 that change files or run commands: removed from every run. */
  static final List<String> WRITE_TOOLS =
      List.of(
          "launch-process",
          "kill-process",
          "read-process",
          "write-process",
          "list-processes",
          "save-file",
          "str-replace-editor",
          "apply_patch",
          "remove-files",
          "edit",
          "write",
          "bash",
          "shell",
          "setup-script",
          // Not a write tool, but the eval measures search in the repository, not the web.
          "web-fetch",
          // Sub-agents run a tool set of their own, some of them with edits and the shell.
          "sub-agent-code",
          "sub-agent-general-purpose",
          "sub-agent-validate",
          "sub-agent-plan");

  /**
   * The other built-in tools of 0.36.0 ({@code auggie tools list}), the reading ones: removed too
   * from a run offered no tools (a judge's), which then has none.
   */
  static final List<String> READ_TOOLS =
      List.of(
          "view",
          "view-range-untruncated",
          "search-untruncated",
          "grep-search",
          "codebase-retrieval",
          "codebase-retrieval-raw",
          "view-session",
          "view_tasklist",
          "reorganize_tasklist",
          "update_tasks",
          "add_tasks",
          "web-search");

  /**
   * A 429 makes the CLI wait and retry until this many seconds have passed (five minutes by
   * default): none, so it fails at once, says so on stderr, and the harness retries with its own
   * backoff and fewer runs in flight.
   */
  static final String RETRY_TIMEOUT_SECONDS = "0";

  /**
   * The script that wraps the CLI, given the sessions directory, the {@code --mcp-config} value and
   * then the CLI's command line: it puts the run's marker into the MCP config file, runs the CLI,
   * prints each saved session after its output, and exits with the CLI's status.
   */
  static final String SESSION_SCRIPT =
      """
      sessions=$1; mcp=$2; shift 2
      if [ -f "$mcp" ]; then sed -i "s/%s/$%s/g" "$mcp"; fi
      "$@"
      status=$?
      for session in "$sessions"/*.json; do
        [ -f "$session" ] || continue
        printf '\\n{"type":"%s","session":' && tr -d '\\n' < "$session" && printf '}\\n'
      done
      exit $status\
      """
          .formatted(
              AuggieMcp.MARKER_PLACEHOLDER, ProcessTree.RUN_MARKER, AuggieOutput.SESSION_TYPE);

  /** What runs the CLI: {@code sh}, the script, and its {@code $0}; then its arguments. */
  static final List<String> SESSION_WRAPPER = List.of("/bin/sh", "-c", SESSION_SCRIPT, "auggie");

  /** Flags of an arm's own arguments that would hide what the harness reads. */
  private static final Set<String> DROPPED_FLAGS = Set.of("-q", "--quiet", "--dont-save-session");

  /** Options of an arm's own arguments that would add MCP servers to either arm. */
  private static final Set<String> DROPPED_OPTIONS = Set.of("--mcp-config");

  @Override
  public String name() {
    return "auggie";
  }

  @Override
  public Invocation invocation(RunSetup run) throws IOException {
    Map<String, String> env = new HashMap<>(run.environment());
    env.put("HOME", run.home().toString()); // augment-log.txt goes to TMPDIR, the run's tmp
    env.putIfAbsent("AUGMENT_DISABLE_AUTO_UPDATE", "1");
    return new Invocation(command(run, mcpConfigArgument(run), prompt(run)), new byte[0], env);
  }

  /**
   * The prompt in a file of the private home, for {@code --instruction-file}, any size. Not on
   * stdin: print mode gives stdin 100 ms from the moment it starts listening and then runs with no
   * instruction at all ("No instruction provided"), and on a loaded machine its own start-up can
   * take longer than that before it reads what was piped (read from the 0.36.0 bundle; seen once in
   * four runs on two busy cores). Stdin is closed at once instead.
   */
  static String prompt(RunSetup run) throws IOException {
    Path file = run.home().resolve("prompt.md");
    Files.writeString(file, run.prompt());
    return file.toString();
  }

  /**
   * The with-MCP arm's servers in a file of the private home, so that their environment and
   * headers, which may hold tokens, stay off the command line; the baseline's none inline.
   */
  static String mcpConfigArgument(RunSetup run) throws IOException {
    Optional<McpConfig> mcp = run.mcpConfig();
    if (mcp.isEmpty()) {
      return McpConfig.NO_SERVERS;
    }
    Path file = run.home().resolve("mcp-servers.json");
    Files.writeString(file, AuggieMcp.json(mcp.get()));
    return file.toString();
  }

  /**
   * The command line: {@code sh} running the CLI, the arm's own arguments first so the harness's
   * win where they clash (single-valued options take their last value), and none of the arm's
   * arguments that would add servers or hide the output the reader needs.
   */
  static List<String> command(RunSetup run, String mcpConfig, String promptFile) {
    Path cacheDir = cacheDir(run.home());
    List<String> command = new ArrayList<>();
    command.addAll(SESSION_WRAPPER);
    command.add(cacheDir.resolve("sessions").toString());
    command.add(mcpConfig);
    command.add(run.command());
    List<String> own = ownArguments(run.extraArgs());
    command.addAll(own);
    command.addAll(List.of("--print", "--output-format", "json", "--show-cost"));
    command.addAll(List.of("--instruction-file", promptFile));
    command.addAll(List.of("--augment-cache-dir", cacheDir.toString()));
    command.addAll(List.of("--workspace-root", run.workDir().toString()));
    command.addAll(List.of("--mcp-config", mcpConfig));
    List<String> removed = new ArrayList<>(WRITE_TOOLS);
    if (run.noTools()) {
      removed.addAll(READ_TOOLS);
    }
    run.mcpConfig()
        .ifPresent(
            mcp -> mcp.serverNames().forEach(s -> removed.addAll(AuggieMcp.writeToolNames(s))));
    removed.forEach(tool -> command.addAll(List.of("--remove-tool", tool)));
    if (own.stream().noneMatch(arg -> arg.startsWith("--retry-timeout"))) {
      command.addAll(List.of("--retry-timeout", RETRY_TIMEOUT_SECONDS));
    }
    run.model().ifPresent(model -> command.addAll(List.of("--model", model)));
    run.maxTurns().ifPresent(turns -> command.addAll(List.of("--max-turns", turns.toString())));
    return command;
  }

  /** {@code extraArgs} without the flags and options the harness must decide. */
  static List<String> ownArguments(List<String> extraArgs) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < extraArgs.size(); i++) {
      String arg = extraArgs.get(i);
      String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (DROPPED_OPTIONS.contains(option)) {
        i += arg.contains("=") ? 0 : 1;
      } else if (!DROPPED_FLAGS.contains(arg)) {
        kept.add(arg);
      }
    }
    return kept;
  }

  /** Where a run's CLI keeps its settings, sessions and the linked login. */
  static Path cacheDir(Path home) {
    return home.resolve(".augment");
  }

  @Override
  public String endpointSettings() {
    return "the tenantURL of AUGMENT_SESSION_AUTH (or of your `auggie login`)";
  }

  @Override
  public AgentStream read(Path transcript, StreamContext context) throws IOException {
    return AuggieOutput.read(transcript, context);
  }

  /** A signed-in user's {@code ~/.augment/session.json}, as {@code auggie login} writes it. */
  @Override
  public List<Credential> credentials(Map<String, String> environment) {
    return List.of(new Credential(userSession(environment), Path.of(".augment", "session.json")));
  }

  @Override
  public Optional<String> missingAuth(Map<String, String> environment) {
    String session = environment.get("AUGMENT_SESSION_AUTH");
    if ((session != null && !session.isBlank()) || Files.isRegularFile(userSession(environment))) {
      return Optional.empty();
    }
    return Optional.of(
        "Augment CLI: no login: set AUGMENT_SESSION_AUTH (the JSON `auggie token print` prints)"
            + " or sign in with `auggie login` (it writes "
            + userSession(environment)
            + ")");
  }

  private static Path userSession(Map<String, String> environment) {
    String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
    return cacheDir(Path.of(home)).resolve("session.json");
  }
}
