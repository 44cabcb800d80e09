package org.reposearcheval.evals.agent.gemini;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a run's private {@code $GEMINI_CLI_HOME/.gemini} holds: {@code settings.json} (the arm's MCP
 * servers in Gemini CLI's form, the auth type, the CLI's own retries, no usage statistics, no
 * {@code .env} of the repository) and a policy that denies MCP tools which declare that they change
 * something.
 */
final class GeminiSettings {
  /** The CLI's own attempts per model call: the harness retries a run that still fails. */
  static final int MAX_ATTEMPTS = 2;

  /** Auth types Gemini CLI 0.61 accepts in {@code security.auth.selectedType}. */
  static final Set<String> AUTH_TYPES =
      Set.of(
          "oauth-personal",
          "gemini-api-key",
          "vertex-ai",
          "compute-default-credentials",
          "cloud-shell");

  /**
   * A user policy (tier 4, priority 999) outranks the ALLOW rule {@code --allowed-mcp-server-names}
   * adds for all of a server's tools (priority 4.1): a tool annotated {@code readOnlyHint: false}
   * or {@code destructiveHint: true} is removed from the tools the model is offered. Unannotated
   * tools stay, as in Claude Code's arm.
   */
  static final String READ_ONLY_POLICY =
      """
      # Written by repo-search-eval: the agent may read the repository, never change it.
      [[rule]]
      toolName = "mcp_*"
      toolAnnotations = { readOnlyHint = false }
      decision = "deny"
      priority = 999

      [[rule]]
      toolName = "mcp_*"
      toolAnnotations = { destructiveHint = true }
      decision = "deny"
      priority = 999
      """;

  /**
   * The policy of a run offered no tools (a judge's): every tool denied at the user tier's top
   * priority, which removes each from the tools the model is offered (seen with 0.61.0: the
   * request's {@code functionDeclarations} are empty).
   */
  static final String NO_TOOLS_POLICY =
      """
      # Written by repo-search-eval: this run is offered no tool at all.
      [[rule]]
      toolName = "*"
      decision = "deny"
      priority = 999
      """;

  private GeminiSettings() {}

  /** Writes {@code settings.json} and the read-only policy into {@code home/.gemini}. */
  static void write(Path home, ObjectNode settings) throws IOException {
    write(home, settings, false);
  }

  /**
   * Writes {@code settings.json} and the read-only policy into {@code home/.gemini}, and with
   * {@code noTools} the policy that denies every tool.
   */
  static void write(Path home, ObjectNode settings, boolean noTools) throws IOException {
    Path dir = Files.createDirectories(home.resolve(".gemini"));
    Files.writeString(dir.resolve("settings.json"), Json.MAPPER.writeValueAsString(settings));
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("repo-search-eval-read-only.toml"), READ_ONLY_POLICY);
    if (noTools) {
      Files.writeString(policies.resolve("repo-search-eval-no-tools.toml"), NO_TOOLS_POLICY);
    }
  }

  /** The settings of one run; {@code mcp} is empty for a baseline. */
  static ObjectNode of(String authType, Optional<McpConfig> mcp, Optional<Integer> maxTurns) {
    ObjectNode settings = Json.MAPPER.createObjectNode();
    settings.putObject("security").putObject("auth").put("selectedType", authType);
    settings
        .putObject("general")
        .put("maxAttempts", MAX_ATTEMPTS)
        .put("enableAutoUpdate", false)
        .put("enableAutoUpdateNotification", false);
    settings.putObject("privacy").put("usageStatisticsEnabled", false);
    settings.putObject("telemetry").put("enabled", false);
    // The repository's own .env would set variables the run's environment leaves unset.
    settings.putObject("advanced").put("ignoreLocalEnv", true);
    maxTurns.ifPresent(turns -> settings.putObject("model").put("maxSessionTurns", turns));
    mcp.ifPresent(config -> settings.set("mcpServers", servers(config.servers())));
    return settings;
  }

  /**
   * The user's Claude-format servers in Gemini CLI's form: a local server's {@code command}, {@code
   * args} and {@code env} as they are; a remote one's {@code url} with its {@code type} ({@code
   * http} or {@code sse}; without one the CLI tries HTTP, then SSE) and {@code headers}.
   */
  static ObjectNode servers(List<McpConfig.Server> servers) {
    ObjectNode all = Json.MAPPER.createObjectNode();
    for (McpConfig.Server server : servers) {
      ObjectNode entry = all.putObject(server.name());
      if (server.local()) {
        entry.put("command", server.command());
        server.args().forEach(entry.putArray("args")::add);
        if (!server.env().isEmpty()) {
          ObjectNode env = entry.putObject("env");
          server.env().forEach(env::put);
        }
      } else {
        entry.put("url", server.url());
        if (server.type().equals("http") || server.type().equals("sse")) {
          entry.put("type", server.type());
        }
        if (!server.headers().isEmpty()) {
          ObjectNode headers = entry.putObject("headers");
          server.headers().forEach(headers::put);
        }
      }
    }
    return all;
  }

  /**
   * The auth type a run selects: what the environment asks for (Vertex AI, Code Assist, an API
   * key), else the type the user selected in their own settings, else a Google login. Without one
   * in the settings the CLI would pick {@code gateway} when {@code GOOGLE_GEMINI_BASE_URL} is set,
   * and refuse it (exit 41).
   */
  static String authType(Map<String, String> environment) {
    if (isTrue(environment.get("GOOGLE_GENAI_USE_VERTEXAI"))) {
      return "vertex-ai";
    }
    if (isTrue(environment.get("GOOGLE_GENAI_USE_GCA"))) {
      return "oauth-personal";
    }
    if (isSet(environment.get("GEMINI_API_KEY"))) {
      return "gemini-api-key";
    }
    return usersAuthType(environment).orElse("oauth-personal");
  }

  /** {@code security.auth.selectedType} of the user's own settings, when it is a known one. */
  static Optional<String> usersAuthType(Map<String, String> environment) {
    Path file = userDir(environment).resolve("settings.json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode settings = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
      String type = settings.path("security").path("auth").path("selectedType").asString("");
      return AUTH_TYPES.contains(type) ? Optional.of(type) : Optional.empty();
    } catch (IOException | JacksonException e) {
      // Not readable as settings: the user's own CLI will say so; the run asks for a login.
      return Optional.empty();
    }
  }

  /** The user's own {@code ~/.gemini}, or {@code $GEMINI_CLI_HOME/.gemini}. */
  static Path userDir(Map<String, String> environment) {
    String home = environment.get("GEMINI_CLI_HOME");
    if (!isSet(home)) {
      home = environment.getOrDefault("HOME", System.getProperty("user.home"));
    }
    return Path.of(home, ".gemini");
  }

  static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  static boolean isTrue(String value) {
    return value != null && value.strip().equalsIgnoreCase("true");
  }
}
