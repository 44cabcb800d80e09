package org.reposearcheval.evals.agent.codex;

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

/**
 * The Codex CLI ({@code codex exec --json}), as verified with {@code @openai/codex} 0.169.0: the
 * prompt on stdin ({@code -}), a private {@code CODEX_HOME} per run with {@code
 * --ignore-user-config} (neither the user's {@code config.toml} nor, with it, the trust that loads
 * a repository's own {@code .codex/config.toml} reach a run), the {@code read-only} sandbox, no
 * session files ({@code --ephemeral}), and the arm's MCP servers as {@code -c} overrides ({@link
 * CodexMcp}). {@code --skip-git-repo-check}: codex otherwise refuses a directory that is not a git
 * repository it trusts.
 *
 * <p>Auth: the default OpenAI provider sends {@code CODEX_API_KEY}, or the key or login of {@code
 * $CODEX_HOME/auth.json} ({@code codex login}), linked into each run's home. It ignores {@code
 * OPENAI_API_KEY} in the environment (it sent no key at all with only that set), so a user who has
 * only that gets it as {@code CODEX_API_KEY}. An arm that picks a provider of its own ({@code -c
 * model_provider=…}) authenticates with that provider's {@code env_key}.
 */
public final class CodexCli implements AgentCli {
  static final String AUTH_FILE = "auth.json";

  @Override
  public String name() {
    return "codex";
  }

  @Override
  public Invocation invocation(RunSetup run) throws IOException {
    Map<String, String> env = new HashMap<>(run.environment());
    env.put("CODEX_HOME", run.home().toString());
    if (usesOpenAi(run.extraArgs())
        && isBlank(env.get("CODEX_API_KEY"))
        && !isBlank(env.get("OPENAI_API_KEY"))
        && !Files.exists(userAuthFile(run.environment()))) {
      env.put("CODEX_API_KEY", env.get("OPENAI_API_KEY"));
    }
    CodexMcp.Overrides mcp = CodexMcp.of(run.mcpConfig(), env);
    env.putAll(mcp.environment());
    return new Invocation(command(run, mcp.args()), prompt(run), env);
  }

  /**
   * The command line: the arm's own arguments first, without those the harness owns ({@link
   * CodexArgs}), then the harness's, then {@code -}: the prompt is read from stdin, where its size
   * is not limited and it cannot be taken for an option.
   */
  /**
   * What takes every tool of codex 0.169.0 away, for a run offered no tools (a judge's): each
   * feature that brings one, web search, and the request-user-input tool. Seen: the request's
   * {@code tools} is then empty (with them, {@code exec_command}, {@code write_stdin}, {@code
   * view_image}, the agent and goal tools, {@code request_user_input} and {@code web_search}).
   */
  static final List<String> NO_TOOLS =
      List.of(
          "--disable", "shell_tool",
          "--disable", "unified_exec",
          "--disable", "view_image",
          "--disable", "multi_agent",
          "--disable", "goals",
          "--disable", "apps",
          "--disable", "image_generation",
          "--disable", "sleep_tool",
          "--disable", "tool_suggest",
          "-c", "web_search=\"disabled\"",
          "-c", "tools.experimental_request_user_input.enabled=false");

  static List<String> command(RunSetup run, List<String> mcpArgs) {
    List<String> command = new ArrayList<>();
    command.add(run.command());
    command.add("exec");
    command.addAll(CodexArgs.withoutHarnessFlags(run.extraArgs(), run.model().isPresent()));
    command.addAll(
        List.of(
            "--json",
            "--ephemeral",
            "--skip-git-repo-check",
            "--sandbox",
            "read-only",
            "--ignore-user-config",
            // The snapshot of the user's login shell (their ~/.bashrc) that codex takes as a
            // session starts: a codex that exits on an API error leaves it running (seen).
            "--disable",
            "shell_snapshot"));
    if (run.noTools()) {
      command.addAll(NO_TOOLS);
    }
    run.model().ifPresent(model -> command.addAll(List.of("--model", model)));
    command.addAll(mcpArgs);
    command.add("-");
    return command;
  }

  static byte[] prompt(RunSetup run) {
    return run.prompt().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String endpointSettings() {
    return "codex's provider: -c model_provider=ID with -c model_providers.ID={name=\"ID\","
        + " base_url=\"…/v1\", wire_api=\"responses\", env_key=\"VAR\"} (or -c"
        + " openai_base_url=…), in --agent-args or a variant's args; codex ignores"
        + " OPENAI_BASE_URL";
  }

  @Override
  public AgentStream read(Path transcript, StreamContext context) throws IOException {
    return CodexStream.read(transcript, context);
  }

  @Override
  public List<Credential> credentials(Map<String, String> environment) {
    return List.of(new Credential(userAuthFile(environment), Path.of(AUTH_FILE)));
  }

  /** {@code $CODEX_HOME/auth.json}, {@code ~/.codex/auth.json} by default. */
  static Path userAuthFile(Map<String, String> environment) {
    String home = environment.get("CODEX_HOME");
    Path dir =
        isBlank(home)
            ? Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".codex")
            : Path.of(home);
    return dir.resolve(AUTH_FILE);
  }

  @Override
  public Optional<String> missingAuth(Map<String, String> environment) {
    return missingAuth(environment, List.of());
  }

  @Override
  public Optional<String> missingAuth(Map<String, String> environment, List<String> extraArgs) {
    if (extraArgs.contains("--oss")) {
      return Optional.empty(); // a local open-source model: no key
    }
    if (!usesOpenAi(extraArgs)) {
      String provider = CodexArgs.config(extraArgs, "model_provider").orElseThrow();
      return CodexArgs.config(extraArgs, "model_providers." + provider + ".env_key")
          .filter(key -> isBlank(environment.get(key)))
          .map(
              key ->
                  "Codex CLI: set "
                      + key
                      + ", the env_key of model provider '"
                      + provider
                      + "' that the arm's args select");
    }
    if (!isBlank(environment.get("CODEX_API_KEY"))
        || !isBlank(environment.get("OPENAI_API_KEY"))
        || Files.exists(userAuthFile(environment))) {
      return Optional.empty();
    }
    return Optional.of(
        "Codex CLI needs an OpenAI key: set CODEX_API_KEY (or OPENAI_API_KEY), or sign in with"
            + " `codex login` so that "
            + userAuthFile(environment)
            + " exists");
  }

  /** True unless the arm's args pick a model provider other than OpenAI's. */
  private static boolean usesOpenAi(List<String> extraArgs) {
    return CodexArgs.config(extraArgs, "model_provider").map("openai"::equals).orElse(true);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
