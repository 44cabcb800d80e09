package org.reposearcheval.evals.agent.claude;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.McpConfig;

/**
 * Claude Code ({@code claude -p --output-format stream-json}): the prompt on stdin, the arm's MCP
 * config with {@code --strict-mcp-config} (so no user or project server reaches either arm), only
 * read-only built-in tools and the arm's MCP servers allowed, and a private {@code
 * CLAUDE_CONFIG_DIR} for each run. A run offered no tools ({@link RunSetup#noTools()}) gets {@code
 * --tools ""}: no built-in tool is defined at all.
 */
public final class ClaudeCode implements AgentCli {
  /** Read-only built-in tools: the agent may look at the repository but never change it. */
  public static final List<String> READ_ONLY_TOOLS = List.of("Read", "Grep", "Glob");

  /** Claude Code's cap on what one run may spend, in US dollars. */
  static final String MAX_BUDGET = "--max-budget-usd";

  /** Set for the agent unless the user's environment already decides them. */
  private static final Map<String, String> QUIET_DEFAULTS =
      Map.of(
          "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1",
          "DISABLE_AUTOUPDATER", "1",
          // MCP tools are otherwise deferred behind a ToolSearch tool; the eval offers them
          // directly.
          "ENABLE_TOOL_SEARCH", "false");

  @Override
  public String name() {
    return AgentSpec.CLAUDE;
  }

  /**
   * {@code claude --max-budget-usd}: a run that would spend more ends {@code error_max_budget_usd}.
   */
  @Override
  public Optional<String> costCapOption() {
    return Optional.of(MAX_BUDGET);
  }

  /** Known to leave nothing behind but its MCP servers: only with-MCP runs are swept. */
  @Override
  public boolean sweepsEveryRun() {
    return false;
  }

  @Override
  public Invocation invocation(RunSetup run) {
    Map<String, String> env = launchEnvironment(run.environment());
    QUIET_DEFAULTS.forEach(env::putIfAbsent);
    env.put("CLAUDE_CONFIG_DIR", run.home().toString());
    return new Invocation(command(run), prompt(run), env);
  }

  /**
   * The command line, without the prompt: that goes on stdin. As an argument, a prompt over 128 KB
   * (Linux's limit on one argument) could not start the agent at all, one starting with {@code -}
   * could be read as an option, and list-valued flags such as {@code --allowedTools} could swallow
   * it. The arm's own arguments come before the harness's, which win where they clash.
   */
  static List<String> command(RunSetup run) {
    List<String> command = new ArrayList<>();
    command.add(run.command());
    command.addAll(run.extraArgs());
    if (run.noTools()) {
      // No built-in tool at all; with no MCP server below, the judge's request offers none.
      command.addAll(List.of("--tools", ""));
    }
    command.add("-p");
    command.addAll(List.of("--output-format", "stream-json", "--verbose"));
    command.add("--no-session-persistence");
    List<String> allowed = new ArrayList<>(READ_ONLY_TOOLS);
    command.add("--mcp-config");
    run.mcpConfig()
        .ifPresentOrElse(
            mcp -> {
              command.add(mcp.file().toString());
              mcp.serverNames().forEach(name -> allowed.add("mcp__" + name));
            },
            () -> command.add(McpConfig.NO_SERVERS));
    command.add("--strict-mcp-config");
    command.add("--allowedTools");
    command.add(String.join(" ", allowed));
    run.model().ifPresent(model -> command.addAll(List.of("--model", model)));
    run.maxTurns().ifPresent(turns -> command.addAll(List.of("--max-turns", turns.toString())));
    run.maxCostPerRunUsd()
        .ifPresent(
            usd ->
                command.addAll(
                    List.of(MAX_BUDGET, java.math.BigDecimal.valueOf(usd).toPlainString())));
    return command;
  }

  /** {@code claude -p} without a prompt argument takes all of its stdin as the prompt. */
  static byte[] prompt(RunSetup run) {
    return run.prompt().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String endpointSettings() {
    return "ANTHROPIC_BASE_URL (with ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN) in the environment,"
        + " --agent-env or a variant's env";
  }

  @Override
  public AgentStream read(Path transcript, StreamContext context) throws IOException {
    return ClaudeStream.read(transcript);
  }

  @Override
  public List<Credential> credentials(Map<String, String> environment) {
    return List.of(
        new Credential(
            userConfigDir(environment).resolve(LoginCredentials.FILE),
            Path.of(LoginCredentials.FILE),
            LoginCredentials::carry,
            "claude login"));
  }

  /** Where the user's own Claude Code keeps its configuration. */
  static Path userConfigDir(Map<String, String> environment) {
    String configured = environment.get("CLAUDE_CONFIG_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".claude");
  }

  /**
   * Never refused here: Claude Code's login may live where the harness cannot look (an {@code
   * apiKeyHelper}, a cloud provider's own credentials), and a run without one says so itself.
   */
  @Override
  public Optional<String> missingAuth(Map<String, String> environment) {
    return Optional.empty();
  }

  /**
   * A copy of {@code environment} without Claude Code's nested-session guard, which would make the
   * agent refuse to start when the harness itself runs inside a Claude Code session.
   */
  @Override
  public Map<String, String> launchEnvironment(Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    env.remove("CLAUDECODE");
    return env;
  }
}
