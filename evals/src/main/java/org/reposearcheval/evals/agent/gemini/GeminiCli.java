package org.reposearcheval.evals.agent.gemini;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.suite.McpConfig;

/**
 * Gemini CLI ({@code gemini --output-format stream-json}), headless: the prompt on stdin, a private
 * {@code GEMINI_CLI_HOME} whose {@code settings.json} holds the arm's MCP servers and the auth type
 * ({@link GeminiSettings}), only the arm's servers allowed by name ({@code __none__}, a name no
 * server has, for a baseline: an empty list would mean no restriction), extensions off, and the
 * default approval mode, in which no tool that writes or runs a command is offered. A run offered
 * no tools gets a policy that denies every tool, so the model is offered none.
 */
public final class GeminiCli implements AgentCli {
  /** A server name no configuration uses: allowing only it allows no server at all. */
  static final String NO_SERVER = "__none__";

  /** The user's Google login, which every run's private home links to. */
  static final String OAUTH_CREDS = "oauth_creds.json";

  @Override
  public String name() {
    return "gemini";
  }

  @Override
  public Invocation invocation(RunSetup run) throws IOException {
    Map<String, String> env = new HashMap<>(run.environment());
    // Trusting the workspace by environment would load the repository's own .gemini/settings.json
    // (its MCP servers, hooks and tools); --skip-trust trusts it without reading that file.
    env.remove("GEMINI_CLI_TRUST_WORKSPACE");
    env.put("GEMINI_CLI_HOME", run.home().toString());
    // System settings (/etc/gemini-cli) merge over the user's: none but the run's own count.
    Path none = run.home().resolve("no-system-settings");
    env.put("GEMINI_CLI_SYSTEM_SETTINGS_PATH", none.resolve("settings.json").toString());
    env.put("GEMINI_CLI_SYSTEM_DEFAULTS_PATH", none.resolve("system-defaults.json").toString());
    GeminiSettings.write(
        run.home(),
        GeminiSettings.of(
            GeminiSettings.authType(run.environment()), run.mcpConfig(), run.maxTurns()),
        run.noTools());
    return new Invocation(
        GeminiArgs.command(run, servers(run)), run.prompt().getBytes(StandardCharsets.UTF_8), env);
  }

  /** The servers a run may use: the arm's, or none. */
  private static List<String> servers(RunSetup run) {
    List<String> names = run.mcpConfig().map(McpConfig::serverNames).orElse(List.of());
    return names.isEmpty() ? List.of(NO_SERVER) : names;
  }

  @Override
  public String endpointSettings() {
    return "GOOGLE_GEMINI_BASE_URL (with GEMINI_API_KEY) in the environment, --agent-env or a"
        + " variant's env";
  }

  @Override
  public AgentStream read(Path transcript, StreamContext context) throws IOException {
    return GeminiStream.read(transcript, context);
  }

  @Override
  public List<Credential> credentials(Map<String, String> environment) {
    return List.of(
        new Credential(
            GeminiSettings.userDir(environment).resolve(OAUTH_CREDS),
            Path.of(".gemini", OAUTH_CREDS)));
  }

  /**
   * What the CLI itself checks for the auth type a run would select: an API key, Vertex AI's
   * project and location (or its API key), or a Google login's {@code oauth_creds.json}.
   */
  @Override
  public Optional<String> missingAuth(Map<String, String> environment) {
    String type = GeminiSettings.authType(environment);
    boolean ok =
        switch (type) {
          case "gemini-api-key" -> GeminiSettings.isSet(environment.get("GEMINI_API_KEY"));
          case "vertex-ai" ->
              GeminiSettings.isSet(environment.get("GOOGLE_API_KEY"))
                  || (GeminiSettings.isSet(environment.get("GOOGLE_CLOUD_PROJECT"))
                      && GeminiSettings.isSet(environment.get("GOOGLE_CLOUD_LOCATION")));
          case "oauth-personal" ->
              Files.isRegularFile(GeminiSettings.userDir(environment).resolve(OAUTH_CREDS));
          default -> true;
        };
    if (ok) {
      return Optional.empty();
    }
    return Optional.of(
        type.equals("vertex-ai")
            ? "Gemini CLI on Vertex AI needs GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION (or"
                + " GOOGLE_API_KEY) set"
            : "Gemini CLI needs GEMINI_API_KEY set, Vertex AI (GOOGLE_GENAI_USE_VERTEXAI=true"
                + " with GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION), or a Google login: run"
                + " `gemini` once and sign in ("
                + GeminiSettings.userDir(environment).resolve(OAUTH_CREDS)
                + ")");
  }
}
