package org.reposearcheval.evals.agent.opencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.io.IOException;
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

class OpenCodeTest {
  private static final AgentSpec OPENCODE = AgentSpec.of("opencode", Optional.empty());

  @TempDir Path dir;

  @Test
  void isTheAgentNamedOpencode() {
    AgentCli cli = AgentClis.named("opencode").orElseThrow();
    assertEquals("OpenCode", cli.displayName());
    assertEquals("opencode", cli.defaultCommand());
  }

  @Test
  void thePromptGoesOnStdinAndTheArmsArgumentsComeBeforeTheHarnesss() throws IOException {
    String prompt = "-starts like an option \"quoted\"\n" + "x".repeat(200_000);
    AgentCli.Invocation run =
        new OpenCode()
            .invocation(
                setup(
                    Arm.withoutMcp(
                        new AgentSpec(
                            "opencode", Optional.empty(), List.of("--variant", "high"), Map.of())),
                    prompt,
                    Map.of(),
                    Optional.of("anthropic/claude-sonnet-4-5")));

    assertEquals(
        List.of(
            "/bin/opencode",
            "run",
            "--variant",
            "high",
            "--format",
            "json",
            "--title",
            "eval",
            "--print-logs",
            "--log-level",
            "WARN",
            "--model",
            "anthropic/claude-sonnet-4-5"),
        run.command());
    assertEquals(prompt, new String(run.stdin(), StandardCharsets.UTF_8));
  }

  @Test
  void eachRunGetsPrivateHomesAndTheUsersOwnConfigStaysOut() throws IOException {
    Map<String, String> user = new HashMap<>();
    user.put("HOME", "/home/user");
    user.put("XDG_CONFIG_HOME", "/home/user/.config");
    user.put("OPENCODE_CONFIG", "/home/user/servers.json");
    user.put("OPENCODE_CONFIG_DIR", "/home/user/oc");
    user.put("OPENCODE_PERMISSION", "{\"bash\":\"allow\"}");
    user.put("OPENCODE_AUTO_SHARE", "1");
    user.put("OPENCODE_DISABLE_MODELS_FETCH", "0");
    user.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:9/v1");
    user.put("PWD", "/where/the/harness/started");

    Map<String, String> env =
        new OpenCode()
            .invocation(setup(Arm.withoutMcp(OPENCODE), "hi", user, Optional.empty()))
            .environment();

    Path home = dir.resolve("home");
    assertEquals(home.toString(), env.get("HOME"));
    assertEquals(home.resolve(".config").toString(), env.get("XDG_CONFIG_HOME"));
    assertEquals(home.resolve(".local/share").toString(), env.get("XDG_DATA_HOME"));
    assertEquals(home.resolve(".cache").toString(), env.get("XDG_CACHE_HOME"));
    assertEquals(home.resolve(".local/state").toString(), env.get("XDG_STATE_HOME"));
    assertEquals(home.resolve("tmp").toString(), env.get("TMPDIR"));
    assertEquals(dir.resolve("repo").toString(), env.get("PWD"), "OpenCode's project is $PWD");
    assertEquals("1", env.get("OPENCODE_DISABLE_PROJECT_CONFIG"));
    assertEquals("1", env.get("OPENCODE_DISABLE_CLAUDE_CODE"));
    assertEquals("1", env.get("OPENCODE_DISABLE_SHARE"));
    assertEquals("1", env.get("OPENCODE_DISABLE_AUTOUPDATE"));
    assertEquals("1", env.get("OPENCODE_DISABLE_LSP_DOWNLOAD"));
    assertEquals("0", env.get("OPENCODE_DISABLE_MODELS_FETCH"), "the user's choice stands");
    assertEquals("http://127.0.0.1:9/v1", env.get("ANTHROPIC_BASE_URL"));
    for (String dropped :
        List.of("OPENCODE_CONFIG", "OPENCODE_CONFIG_DIR", "OPENCODE_AUTO_SHARE")) {
      assertFalse(env.containsKey(dropped), dropped);
    }
    JsonNode config = Json.MAPPER.readTree(env.get("OPENCODE_CONFIG_CONTENT"));
    assertEquals(0, config.path("mcp").size(), "a baseline gets no server");
    assertFalse(config.path("snapshot").asBoolean(true));
    assertEquals("disabled", config.path("share").asString());
    JsonNode permission = Json.MAPPER.readTree(env.get("OPENCODE_PERMISSION"));
    assertEquals("deny", permission.path("*").asString());
    assertFalse(permission.has("bash"), "the user's bash allowance is gone; '*' denies it");
    assertEquals(
        List.of("*", "read", "glob", "grep", "list"), List.copyOf(permission.propertyNames()));
    // OpenCode finds its plugin package there and downloads nothing.
    assertTrue(Files.isDirectory(home.resolve(".config/opencode/node_modules")));
    assertTrue(
        Files.readString(home.resolve(".config/opencode/package-lock.json"))
            .contains("@opencode-ai/plugin"));
  }

  @Test
  void theArmsServersBecomeOpenCodeServersAndTheirWriteToolsAreDenied() throws IOException {
    Path file = dir.resolve("mcp.json");
    Files.writeString(
        file,
        """
        {"mcpServers": {
          "repo": {"command": "/bin/server", "args": ["--root", "/r"], "env": {"K": "v"}},
          "web.search": {"type": "http", "url": "https://mcp.example/mcp",
                         "headers": {"Authorization": "Bearer t"}}}}
        """);
    Map<String, String> env =
        new OpenCode()
            .invocation(
                setup(
                    Arm.withMcp(McpConfig.load(file), OPENCODE), "hi", Map.of(), Optional.empty()))
            .environment();

    JsonNode mcp = Json.MAPPER.readTree(env.get("OPENCODE_CONFIG_CONTENT")).path("mcp");
    assertEquals(
        Json.MAPPER.readTree(
            """
            {"repo": {"type": "local", "command": ["/bin/server", "--root", "/r"],
                      "environment": {"K": "v"}, "enabled": true},
             "web.search": {"type": "remote", "url": "https://mcp.example/mcp",
                            "headers": {"Authorization": "Bearer t"}, "enabled": true}}
            """),
        mcp);
    JsonNode permission = Json.MAPPER.readTree(env.get("OPENCODE_PERMISSION"));
    List<String> rules = List.copyOf(permission.propertyNames());
    assertEquals("allow", permission.path("repo_*").asString());
    assertEquals("allow", permission.path("web_search_*").asString());
    for (String tool : List.of("write_file", "edit_file", "create_directory", "move_file")) {
      String rule = "repo_" + tool.substring(0, tool.indexOf('_')) + "*";
      assertEquals("deny", permission.path(rule).asString(), rule);
      // OpenCode takes the last rule that matches: each deny comes after the server's allow.
      assertTrue(rules.indexOf(rule) > rules.indexOf("repo_*"), rule);
    }
  }

  @Test
  void anArmsOwnConfigContentKeepsItsProviderButNotItsServersOrPermissions() throws IOException {
    String own =
        """
        {"provider": {"local": {"npm": "@ai-sdk/openai-compatible",
                                "options": {"baseURL": "http://127.0.0.1:1234/v1"}}},
         "mcp": {"mine": {"type": "local", "command": ["x"]}},
         "permission": {"bash": "allow"}, "tools": {"bash": true}, "snapshot": true,
         "agent": {"build": {"permission": {"edit": "allow"}}}, "default_agent": "build",
         "plugin": ["writes-files"], "model": "local/qwen"}
        """;
    AgentSpec spec =
        new AgentSpec(
            "opencode", Optional.empty(), List.of(), Map.of("OPENCODE_CONFIG_CONTENT", own));
    Map<String, String> env = new HashMap<>(spec.env());
    JsonNode config =
        Json.MAPPER.readTree(
            new OpenCode()
                .invocation(setup(Arm.withoutMcp(spec), "hi", env, Optional.empty()))
                .environment()
                .get("OPENCODE_CONFIG_CONTENT"));

    assertEquals(
        "http://127.0.0.1:1234/v1",
        config.path("provider").path("local").path("options").path("baseURL").asString());
    assertEquals(0, config.path("mcp").size());
    assertEquals("local/qwen", config.path("model").asString());
    for (String key : List.of("permission", "tools", "agent", "default_agent", "plugin")) {
      assertFalse(config.has(key), key);
    }
    assertFalse(config.path("snapshot").asBoolean());
  }

  @Test
  void aMalformedConfigContentIsNamedBeforeAnyRunWithoutQuotingIt() {
    Map<String, String> env =
        Map.of("OPENCODE_CONFIG_CONTENT", "{\"apiKey\": sk-secret-123}", "OPENAI_API_KEY", "k");
    String why = new OpenCode().missingAuth(env).orElseThrow();
    assertTrue(why.contains("OPENCODE_CONFIG_CONTENT is not valid JSON (line 1"), why);
    assertLacks(why, "sk-secret");
    assertEquals(
        "the arm's OPENCODE_CONFIG_CONTENT must be a JSON object",
        new OpenCode().missingAuth(Map.of("OPENCODE_CONFIG_CONTENT", "[]")).orElseThrow());

    // A run that gets it all the same errors alone, naming it.
    AgentSpec spec = new AgentSpec("opencode", Optional.empty(), List.of(), env);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                new OpenCode()
                    .invocation(setup(Arm.withoutMcp(spec), "hi", env, Optional.empty())));
    assertTrue(e.getMessage().contains("OPENCODE_CONFIG_CONTENT"), e.getMessage());
    assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
  }

  @Test
  void claudeCodesAnthropicBaseUrlBecomesOpenCodes() {
    assertEquals("http://gw:8080/v1", OpenCode.anthropicBaseUrl("http://gw:8080"));
    assertEquals("http://gw:8080/v1", OpenCode.anthropicBaseUrl("http://gw:8080/"));
    assertEquals("https://gw/anthropic/v1", OpenCode.anthropicBaseUrl("https://gw/anthropic"));
    assertEquals("https://gw/v1", OpenCode.anthropicBaseUrl("https://gw/v1/"));
  }

  @Test
  void maxTurnsBecomesTheBuildAgentsStepLimit() {
    JsonNode config = OpenCodeConfig.content(Optional.empty(), Optional.empty(), Optional.of(7));
    assertEquals(7, config.path("agent").path("build").path("steps").asInt());
  }

  @Test
  void aSignedInUsersAuthFileIsLinkedIntoTheRunsDataHome() throws IOException {
    Map<String, String> env = Map.of("HOME", "/home/u");
    assertEquals(
        List.of(
            new AgentCli.Credential(
                Path.of("/home/u/.local/share/opencode/auth.json"),
                Path.of(".local/share/opencode/auth.json"))),
        new OpenCode().credentials(env));
    assertEquals(
        Path.of("/data/opencode/auth.json"),
        new OpenCode()
            .credentials(Map.of("HOME", "/home/u", "XDG_DATA_HOME", "/data"))
            .getFirst()
            .userFile());
  }

  @Test
  void missingAuthIsOneLineUnlessAKeyALoginOrAProviderIsGiven() throws IOException {
    Map<String, String> none = Map.of("HOME", dir.toString(), "PATH", "/bin");
    String why = new OpenCode().missingAuth(none).orElseThrow();
    assertTrue(why.contains("ANTHROPIC_API_KEY") && why.contains("opencode auth login"), why);
    assertEquals(1, why.lines().count());

    assertTrue(new OpenCode().missingAuth(Map.of("GROQ_API_KEY", "k")).isEmpty());
    assertTrue(new OpenCode().missingAuth(Map.of("OPENCODE_AUTH_CONTENT", "{}")).isEmpty());
    assertTrue(
        new OpenCode()
            .missingAuth(
                Map.of("HOME", dir.toString(), "OPENCODE_CONFIG_CONTENT", "{\"provider\":{}}"))
            .isEmpty());
    Path auth = dir.resolve(".local/share/opencode/auth.json");
    Files.createDirectories(auth.getParent());
    Files.writeString(auth, "{}");
    assertTrue(new OpenCode().missingAuth(none).isEmpty());
  }

  private AgentCli.RunSetup setup(
      Arm arm, String prompt, Map<String, String> environment, Optional<String> model) {
    return new AgentCli.RunSetup(
        prompt,
        arm.mcpConfig(),
        "/bin/opencode",
        arm.agent().args(),
        environment,
        dir.resolve("repo"),
        dir.resolve("home"),
        dir.resolve("home").resolve("tmp"),
        model,
        Optional.empty());
  }
}
