package org.reposearcheval.evals.agent.opencode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;

/**
 * OpenCode ({@code opencode run --format json}): the prompt on stdin, a private {@code HOME} and
 * XDG directories for each run with the project's own config switched off, the arm's MCP servers
 * and a read-only permission set through the variables OpenCode reads last ({@link
 * OpenCodeConfig}), and warnings on stderr, where OpenCode reports a server that did not connect
 * ({@link OpenCodeMcpStatus}). A run offered no tools gets every tool denied, and OpenCode offers a
 * denied tool to the model not at all.
 */
public final class OpenCode implements AgentCli {
  public static final String NAME = "opencode";

  /** Where each run's XDG directories go, relative to its private home. */
  static final Path CONFIG = Path.of(".config");

  static final Path DATA = Path.of(".local", "share");
  static final Path CACHE = Path.of(".cache");
  static final Path STATE = Path.of(".local", "state");

  /** A signed-in user's keys and tokens ({@code opencode auth login}), under the data home. */
  static final Path AUTH = Path.of("opencode", "auth.json");

  /** Set for every run, whatever the environment says: the run's isolation and its output. */
  private static final Map<String, String> ISOLATION =
      Map.of(
          // The repository's opencode.json and .opencode/ (servers, plugins), and with them its
          // AGENTS.md and CLAUDE.md: OpenCode reads no instructions of the repository's.
          "OPENCODE_DISABLE_PROJECT_CONFIG", "1",
          // ~/.claude's CLAUDE.md and skills, should a HOME ever be shared.
          "OPENCODE_DISABLE_CLAUDE_CODE", "1",
          "OPENCODE_DISABLE_SHARE", "1");

  /** Set unless the environment decides them: no downloads a run does not need. */
  private static final Map<String, String> QUIET_DEFAULTS =
      Map.of(
          "OPENCODE_DISABLE_AUTOUPDATE", "1",
          "OPENCODE_DISABLE_MODELS_FETCH", "1",
          "OPENCODE_DISABLE_LSP_DOWNLOAD", "1");

  /**
   * Variables of the user's that would bring their own config, servers or permissions into a run,
   * or send it elsewhere; an arm that means them puts its settings in {@code
   * OPENCODE_CONFIG_CONTENT}.
   */
  private static final List<String> DROPPED =
      List.of(
          "OPENCODE_CONFIG",
          "OPENCODE_CONFIG_DIR",
          "OPENCODE_TUI_CONFIG",
          "OPENCODE_PERMISSION",
          "OPENCODE_AUTO_SHARE",
          "OPENCODE_DB",
          "OPENCODE_PRINT_LOGS",
          "OPENCODE_LOG_LEVEL");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Invocation invocation(RunSetup run) throws IOException {
    Map<String, String> env = environment(run);
    Optional<McpConfig> mcp = run.mcpConfig();
    try {
      env.put(
          OpenCodeConfig.CONTENT,
          Json.COMPACT.writeValueAsString(
              OpenCodeConfig.content(
                  Optional.ofNullable(run.environment().get(OpenCodeConfig.CONTENT)),
                  mcp,
                  run.maxTurns())));
    } catch (InvalidInputException e) {
      // The run cannot start: an error for this run, not an exception that ends the harness.
      throw new IOException(e.getMessage(), e);
    }
    env.put(
        OpenCodeConfig.PERMISSION,
        Json.COMPACT.writeValueAsString(
            run.noTools()
                ? OpenCodeConfig.noTools()
                : OpenCodeConfig.permission(mcp.map(McpConfig::serverNames).orElse(List.of()))));
    skipPluginInstall(run.home().resolve(CONFIG).resolve("opencode"));
    return new Invocation(command(run), prompt(run), env);
  }

  /** The run's environment, but for its config: the user's and the arm's, in private homes. */
  static Map<String, String> environment(RunSetup run) {
    Map<String, String> env = new HashMap<>(run.environment());
    DROPPED.forEach(env::remove);
    QUIET_DEFAULTS.forEach(env::putIfAbsent);
    env.putAll(ISOLATION);
    env.computeIfPresent("ANTHROPIC_BASE_URL", (name, url) -> anthropicBaseUrl(url));
    Path home = run.home();
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(CONFIG).toString());
    env.put("XDG_DATA_HOME", home.resolve(DATA).toString());
    env.put("XDG_CACHE_HOME", home.resolve(CACHE).toString());
    env.put("XDG_STATE_HOME", home.resolve(STATE).toString());
    // OpenCode takes $PWD, not its working directory, for the project it works on, and hands it
    // to MCP servers as their root: the harness's own $PWD would point both elsewhere.
    env.put("PWD", run.workDir().toString());
    return env;
  }

  /**
   * The command line, without the prompt: that goes on stdin, where it arrives as it is (a message
   * argument comes wrapped in quotes, and could not pass 128 KB). The arm's own arguments come
   * first; the harness's, after them, decide the output. {@code --title} spares the model call that
   * would name the session; WARN-level logs on stderr say which servers failed.
   */
  static List<String> command(RunSetup run) {
    List<String> command = new ArrayList<>();
    command.add(run.command());
    command.add("run");
    command.addAll(run.extraArgs());
    command.addAll(List.of("--format", "json", "--title", "eval"));
    command.addAll(List.of("--print-logs", "--log-level", "WARN"));
    run.model().ifPresent(model -> command.addAll(List.of("--model", model)));
    return command;
  }

  /**
   * {@code ANTHROPIC_BASE_URL} as OpenCode needs it. Claude Code's names the API's root ({@code
   * https://gateway.example}) and appends {@code /v1/messages}; OpenCode's Anthropic provider
   * appends only {@code /messages} to it. So one environment serves both, a URL without the {@code
   * /v1} gets it; one that ends in {@code /v1} is left as it is.
   */
  static String anthropicBaseUrl(String url) {
    String root = url.strip().replaceAll("/+$", "");
    return root.isEmpty() || root.endsWith("/v1") ? root : root + "/v1";
  }

  /** {@code opencode run} without a message argument takes all of its stdin as the prompt. */
  static byte[] prompt(RunSetup run) {
    return run.prompt().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * OpenCode installs {@code @opencode-ai/plugin} with npm into each config directory that lacks
   * it, in the background of every run: a download from the npm registry per run (the run's home is
   * new), and a warning where there is no network. The private config directory has no plugins to
   * build; an empty {@code node_modules} and a lock naming the package tell OpenCode it is there
   * already.
   */
  static void skipPluginInstall(Path configDir) throws IOException {
    Files.createDirectories(configDir.resolve("node_modules"));
    Files.writeString(
        configDir.resolve("package-lock.json"),
        "{\"packages\":{\"\":{\"dependencies\":{\"@opencode-ai/plugin\":\"*\"}}}}\n");
  }

  @Override
  public String endpointSettings() {
    return "the provider's options.baseURL in the arm's OPENCODE_CONFIG_CONTENT (--agent-env or a"
        + " variant's env), or ANTHROPIC_BASE_URL / OPENAI_BASE_URL for those providers";
  }

  @Override
  public AgentStream read(Path transcript, StreamContext context) throws IOException {
    return OpenCodeStream.read(transcript, context);
  }

  /** The user's {@code auth.json}, linked into each run's data home. */
  @Override
  public List<Credential> credentials(Map<String, String> environment) {
    return List.of(new Credential(userDataDir(environment).resolve(AUTH), DATA.resolve(AUTH)));
  }

  /** Where the user's own OpenCode keeps its data: {@code $XDG_DATA_HOME}, else ~/.local/share. */
  static Path userDataDir(Map<String, String> environment) {
    String configured = environment.get("XDG_DATA_HOME");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(environment.getOrDefault("HOME", System.getProperty("user.home"))).resolve(DATA);
  }

  /**
   * Why OpenCode cannot run with {@code environment}: no credentials, or an {@code
   * OPENCODE_CONFIG_CONTENT} that is not a JSON object (said here, before any run starts).
   */
  @Override
  public Optional<String> missingAuth(Map<String, String> environment) {
    String content = environment.get(OpenCodeConfig.CONTENT);
    if (content != null) {
      try {
        OpenCodeConfig.content(Optional.of(content), Optional.empty(), Optional.empty());
      } catch (InvalidInputException e) {
        return Optional.of(e.getMessage());
      }
    }
    return OpenCodeAuth.missing(
        environment, Files.isRegularFile(userDataDir(environment).resolve(AUTH)));
  }
}
