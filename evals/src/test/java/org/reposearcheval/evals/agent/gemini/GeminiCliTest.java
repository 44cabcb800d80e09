package org.reposearcheval.evals.agent.gemini;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentClis;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;

/** How a Gemini CLI run starts: its command line, environment and private settings. */
class GeminiCliTest {
  private static final AgentSpec GEMINI = AgentSpec.of("gemini", Optional.empty());
  private final GeminiCli cli = new GeminiCli();

  @TempDir Path dir;

  @Test
  void isTheAdapterNamedGemini() {
    assertEquals(Optional.of("Gemini CLI"), AgentClis.named("gemini").map(AgentCli::displayName));
    assertEquals("gemini", cli.defaultCommand());
  }

  @Test
  void withMcpRunAllowsTheArmsServersOnlyReadsThePromptOnStdinAndStaysInItsHome() throws Exception {
    Path mcp = dir.resolve("mcp.json");
    Files.writeString(
        mcp,
        """
        {"mcpServers": {
          "repo": {"command": "mcp-server-filesystem", "args": ["/repo"], "env": {"A": "1"}},
          "docs": {"url": "https://docs.example/mcp", "type": "http",
                   "headers": {"Authorization": "Bearer t"}},
          "feed": {"url": "https://feed.example/sse", "type": "sse"},
          "any": {"url": "https://any.example/mcp"}}}
        """);
    Map<String, String> env = new HashMap<>(Map.of("GEMINI_API_KEY", "k", "HOME", "/home/u"));
    env.put("GEMINI_CLI_TRUST_WORKSPACE", "true");
    AgentCli.RunSetup run =
        setup(Arm.withMcp(McpConfig.load(mcp), GEMINI), List.of(), env, Optional.of(30));

    AgentCli.Invocation invocation = cli.invocation(run);

    assertEquals(
        List.of(
            "/bin/gemini",
            "--output-format",
            "stream-json",
            "--skip-trust",
            "--approval-mode",
            "default",
            "-e",
            "none",
            "-m",
            "gemini-2.5-pro",
            "--allowed-mcp-server-names",
            "repo",
            "--allowed-mcp-server-names",
            "docs",
            "--allowed-mcp-server-names",
            "feed",
            "--allowed-mcp-server-names",
            "any"),
        invocation.command());
    assertArrayEquals("What builds widgets?".getBytes(StandardCharsets.UTF_8), invocation.stdin());
    Map<String, String> runEnv = invocation.environment();
    assertEquals(run.home().toString(), runEnv.get("GEMINI_CLI_HOME"));
    assertEquals(run.tmp().toString(), runEnv.get("TMPDIR"));
    assertTrue(runEnv.get("GEMINI_CLI_SYSTEM_SETTINGS_PATH").startsWith(run.home().toString()));
    assertTrue(runEnv.get("GEMINI_CLI_SYSTEM_DEFAULTS_PATH").startsWith(run.home().toString()));
    assertFalse(runEnv.containsKey("GEMINI_CLI_TRUST_WORKSPACE"));
    assertEquals("k", runEnv.get("GEMINI_API_KEY"));

    JsonNode settings = settings(run);
    assertEquals(
        Json.MAPPER.readTree(
            """
            {"repo": {"command": "mcp-server-filesystem", "args": ["/repo"], "env": {"A": "1"}},
             "docs": {"url": "https://docs.example/mcp", "type": "http",
                      "headers": {"Authorization": "Bearer t"}},
             "feed": {"url": "https://feed.example/sse", "type": "sse"},
             "any": {"url": "https://any.example/mcp"}}
            """),
        settings.get("mcpServers"));
    assertEquals("gemini-api-key", settings.at("/security/auth/selectedType").asString());
    assertEquals(2, settings.at("/general/maxAttempts").asInt());
    assertEquals(30, settings.at("/model/maxSessionTurns").asInt());
    assertFalse(settings.at("/privacy/usageStatisticsEnabled").asBoolean(true));
    assertTrue(settings.at("/advanced/ignoreLocalEnv").asBoolean(false));
    assertEquals(
        GeminiSettings.READ_ONLY_POLICY,
        Files.readString(run.home().resolve(".gemini/policies/repo-search-eval-read-only.toml")));
  }

  @Test
  void baselineAllowsNoServerAtAll() throws Exception {
    AgentCli.RunSetup run =
        setup(Arm.withoutMcp(GEMINI), List.of(), Map.of("GEMINI_API_KEY", "k"), Optional.empty());

    List<String> command = cli.invocation(run).command();

    assertEquals(
        List.of("--allowed-mcp-server-names", GeminiCli.NO_SERVER),
        command.subList(command.size() - 2, command.size()));
    assertFalse(settings(run).has("mcpServers"));
    assertFalse(settings(run).has("model"));
  }

  @Test
  void armArgumentsThatWouldClashWithTheHarnessesOrLetTheAgentWriteAreDropped() {
    List<String> args =
        List.of(
            "--yolo",
            "--approval-mode=yolo",
            "--approval-mode",
            "auto_edit",
            "--allowed-mcp-server-names",
            "evil",
            "-e",
            "ext",
            "--allowed-tools",
            "run_shell_command",
            "--policy",
            "p.toml",
            "-o",
            "json",
            "-p",
            "extra",
            "-w",
            "--debug",
            "--include-directories",
            "/docs",
            "-m",
            "other-model",
            "-s");

    assertEquals(
        List.of("--debug", "--include-directories", "/docs", "-s"), GeminiArgs.armArgs(args, true));
    assertEquals(
        List.of("--debug", "--include-directories", "/docs", "-m", "other-model", "-s"),
        GeminiArgs.armArgs(args, false));
  }

  @Test
  void theAuthTypeFollowsTheEnvironmentThenTheUsersOwnSettings() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home/.gemini"));
    Map<String, String> user = Map.of("HOME", dir.resolve("home").toString());

    assertEquals("oauth-personal", GeminiSettings.authType(user));
    Files.writeString(
        home.resolve("settings.json"),
        "{\"security\":{\"auth\":{\"selectedType\":\"vertex-ai\"}}}");
    assertEquals("vertex-ai", GeminiSettings.authType(user));
    assertEquals("gemini-api-key", GeminiSettings.authType(with(user, "GEMINI_API_KEY", "k")));
    assertEquals(
        "vertex-ai", GeminiSettings.authType(with(user, "GOOGLE_GENAI_USE_VERTEXAI", "true")));
    assertEquals(
        "oauth-personal", GeminiSettings.authType(with(user, "GOOGLE_GENAI_USE_GCA", "TRUE")));
    Files.writeString(home.resolve("settings.json"), "{not json");
    assertEquals("oauth-personal", GeminiSettings.authType(user));
  }

  @Test
  void missingAuthNamesWhatToSetInOneLine() throws Exception {
    Path userHome = dir.resolve("home");
    Map<String, String> nothing = Map.of("HOME", userHome.toString());

    String missing = cli.missingAuth(nothing).orElseThrow();
    assertTrue(missing.contains("GEMINI_API_KEY") && !missing.contains("\n"), missing);
    assertEquals(Optional.empty(), cli.missingAuth(with(nothing, "GEMINI_API_KEY", "k")));
    Map<String, String> vertex = with(nothing, "GOOGLE_GENAI_USE_VERTEXAI", "true");
    assertTrue(cli.missingAuth(vertex).orElseThrow().contains("GOOGLE_CLOUD_LOCATION"));
    assertEquals(Optional.empty(), cli.missingAuth(with(vertex, "GOOGLE_API_KEY", "g")));

    Files.createDirectories(userHome.resolve(".gemini"));
    Files.writeString(userHome.resolve(".gemini/oauth_creds.json"), "{}");
    assertEquals(Optional.empty(), cli.missingAuth(nothing));
  }

  @Test
  void theUsersGoogleLoginIsLinkedIntoEachRunsHome() {
    assertEquals(
        List.of(
            new AgentCli.Credential(
                Path.of("/home/u/.gemini/oauth_creds.json"), Path.of(".gemini/oauth_creds.json"))),
        cli.credentials(Map.of("HOME", "/home/u")));
    assertEquals(
        Path.of("/elsewhere/.gemini/oauth_creds.json"),
        cli.credentials(Map.of("HOME", "/home/u", "GEMINI_CLI_HOME", "/elsewhere"))
            .getFirst()
            .userFile());
  }

  private AgentCli.RunSetup setup(
      Arm arm, List<String> args, Map<String, String> env, Optional<Integer> maxTurns)
      throws Exception {
    Path home = Files.createDirectories(dir.resolve("run-home"));
    return new AgentCli.RunSetup(
        "What builds widgets?",
        arm.mcpConfig(),
        "/bin/gemini",
        args,
        env,
        dir,
        home,
        Files.createDirectories(home.resolve("tmp")),
        Optional.of("gemini-2.5-pro"),
        maxTurns);
  }

  private static JsonNode settings(AgentCli.RunSetup run) throws Exception {
    return Json.MAPPER.readTree(
        Files.readString(run.home().resolve(".gemini/settings.json"), StandardCharsets.UTF_8));
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> more = new HashMap<>(env);
    more.put(name, value);
    return more;
  }
}
