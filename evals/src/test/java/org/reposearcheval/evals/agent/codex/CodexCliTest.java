package org.reposearcheval.evals.agent.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;

class CodexCliTest {
  private static final AgentSpec CODEX = AgentSpec.of("codex", Optional.empty());
  private final CodexCli codex = new CodexCli();

  @TempDir Path dir;

  private AgentCli.RunSetup setup(Arm arm, List<String> args, Map<String, String> env) {
    Job job = new Job(0, TestJobs.testCase("c", "-starts like an option", "x"), arm, 1);
    return new AgentCli.RunSetup(
        job.testCase().prompt(),
        job.arm().mcpConfig(),
        "/opt/codex",
        args,
        env,
        dir,
        dir.resolve("home"),
        dir.resolve("home/tmp"),
        arm.model(),
        Optional.of(7));
  }

  private McpConfig mcp(String json) throws IOException {
    return McpConfig.load(Files.writeString(dir.resolve("mcp.json"), json));
  }

  @Test
  void baselineRunsHeadlessReadOnlyIsolatedWithNoServerAndThePromptOnStdin() throws IOException {
    AgentCli.Invocation run =
        codex.invocation(
            setup(
                Arm.withoutMcp(CODEX), List.of(), Map.of("HOME", "/home/u", "CODEX_API_KEY", "k")));

    assertEquals(
        List.of(
            "/opt/codex",
            "exec",
            "--json",
            "--ephemeral",
            "--skip-git-repo-check",
            "--sandbox",
            "read-only",
            "--ignore-user-config",
            "--disable",
            "shell_snapshot",
            "-c",
            "mcp_servers={}",
            "-"),
        run.command());
    assertEquals("-starts like an option", new String(run.stdin(), StandardCharsets.UTF_8));
    assertEquals(dir.resolve("home").toString(), run.environment().get("CODEX_HOME"));
    assertEquals(dir.resolve("home/tmp").toString(), run.environment().get("TMPDIR"));
    assertEquals("k", run.environment().get("CODEX_API_KEY"));
  }

  @Test
  void serversBecomeOneRequiredTableQuotedAsTomlHeadersTravelInVariables() throws IOException {
    McpConfig config =
        mcp(
            """
            {"mcpServers": {
              "fs": {"command": "/bin/mcp \\"fs\\"", "args": ["C:\\\\repo", "tab\\there"],
                     "env": {"TOKEN": "a\\nb", "odd key": "v"}},
              "my.remote": {"type": "http", "url": "https://mcp.example/x?a=1",
                            "headers": {"Authorization": "Bearer s3cret-value"}}}}
            """);
    Arm arm = new Arm("with-mcp", Optional.of(config), Optional.of("gpt-5"), CODEX);

    AgentCli.Invocation run = codex.invocation(setup(arm, List.of(), Map.of("PATH", "/bin")));

    List<String> command = run.command();
    assertEquals(List.of("--model", "gpt-5", "-c"), command.subList(10, 13));
    // env_vars: what codex passes on to a local server besides its own few (HOME, PATH, ...).
    assertEquals(
        "mcp_servers={ fs = { command = \"/bin/mcp \\\"fs\\\"\", args = [\"C:\\\\repo\","
            + " \"tab\\there\"], env = { TOKEN = \"a\\nb\", \"odd key\" = \"v\" }, env_vars ="
            + " [\"CODEX_HOME\", \"PATH\", \"REPO_SEARCH_EVAL_RUN\", \"TMPDIR\"], required = true"
            + " }, \"my.remote\" = { url = \"https://mcp.example/x?a=1\", env_http_headers = {"
            + " Authorization = \"REPO_SEARCH_EVAL_MCP_HEADER_0\" }, required = true } }",
        command.get(13));
    assertEquals("-", command.getLast());
    assertFalse(String.join(" ", command).contains("s3cret-value"), "a header on the command line");
    assertEquals("Bearer s3cret-value", run.environment().get(CodexMcp.HEADER_VARIABLE + "0"));
  }

  @Test
  void aServerCodexCannotTakeIsAnErrorNamingTheFileAndServer() throws IOException {
    Arm spaced = Arm.withMcp(mcp("{\"mcpServers\": {\"my server\": {\"command\": \"x\"}}}"), CODEX);
    IOException name =
        assertThrows(IOException.class, () -> codex.invocation(setup(spaced, List.of(), Map.of())));
    assertTrue(name.getMessage().contains("mcp.json: mcpServers.my server"), name.getMessage());

    Arm sse =
        Arm.withMcp(
            mcp("{\"mcpServers\": {\"r\": {\"type\": \"sse\", \"url\": \"http://h/sse\"}}}"),
            CODEX);
    IOException type =
        assertThrows(IOException.class, () -> codex.invocation(setup(sse, List.of(), Map.of())));
    assertTrue(type.getMessage().contains("mcpServers.r.type"), type.getMessage());
  }

  @Test
  void variableReferencesAreExpandedAsClaudeCodeExpandsThem() throws IOException {
    McpConfig config =
        mcp(
            """
            {"mcpServers": {
              "fs": {"command": "${BIN}/mcp", "args": ["${ROOT:-/default}", "$ROOT", "${UNSET:-}"]},
              "remote": {"url": "https://${HOST}/mcp",
                         "headers": {"Authorization": "Bearer ${MCP_TOKEN}"}}}}
            """);
    Map<String, String> env = Map.of("BIN", "/opt/bin", "HOST", "h.example", "MCP_TOKEN", "t0k3n");

    AgentCli.Invocation run = codex.invocation(setup(Arm.withMcp(config, CODEX), List.of(), env));

    String servers = run.command().get(run.command().size() - 2);
    assertTrue(
        servers.contains("command = \"/opt/bin/mcp\", args = [\"/default\", \"$ROOT\", \"\"]"),
        servers);
    assertTrue(servers.contains("url = \"https://h.example/mcp\""), servers);
    assertEquals("Bearer t0k3n", run.environment().get(CodexMcp.HEADER_VARIABLE + "0"));

    IOException unset =
        assertThrows(
            IOException.class,
            () -> codex.invocation(setup(Arm.withMcp(config, CODEX), List.of(), Map.of())));
    assertTrue(
        unset
            .getMessage()
            .endsWith(
                "mcp.json: mcpServers.fs.command: ${BIN} is not set in the environment and has no"
                    + " default"),
        unset.getMessage());
  }

  @Test
  void theArmsArgsComeFirstWithoutTheFlagsTheHarnessOwns() throws IOException {
    List<String> args =
        List.of(
            "-c",
            "model_provider=mock",
            "--json",
            "-s",
            "danger-full-access",
            "--dangerously-bypass-approvals-and-sandbox",
            "--sandbox=workspace-write",
            "-c",
            "mcp_servers.extra.command=\"x\"",
            "--config",
            "approval_policy=\"on-request\"",
            "-C",
            "/elsewhere",
            "--add-dir",
            "/w",
            "-m",
            "theirs",
            "-c",
            "model_reasoning_effort=low");
    Arm arm = new Arm("codex", Optional.empty(), Optional.of("ours"), CODEX);

    List<String> command = codex.invocation(setup(arm, args, Map.of())).command();

    assertEquals(
        List.of("exec", "-c", "model_provider=mock", "-c", "model_reasoning_effort=low", "--json"),
        command.subList(1, 7));
    assertEquals(1, command.stream().filter("--json"::equals).count());
    assertEquals(List.of("--model", "ours"), command.subList(14, 16));
    assertFalse(command.contains("theirs"));
    assertFalse(command.contains("/elsewhere"));
    assertFalse(command.contains("danger-full-access"));

    Arm noModel = new Arm("codex", Optional.empty(), Optional.empty(), CODEX);
    List<String> theirs =
        codex.invocation(setup(noModel, List.of("-m", "theirs"), Map.of())).command();
    assertEquals(List.of("exec", "-m", "theirs", "--json"), theirs.subList(1, 5));
  }

  @Test
  void openAiKeyStandsInForTheCodexKeyOnlyForOpenAiWithoutALogin() throws IOException {
    Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-o", "HOME", dir.toString());
    Arm arm = Arm.withoutMcp(CODEX);
    assertEquals(
        "sk-o", codex.invocation(setup(arm, List.of(), env)).environment().get("CODEX_API_KEY"));
    List<String> own = List.of("-c", "model_provider=\"gateway\"");
    assertFalse(
        codex.invocation(setup(arm, own, env)).environment().containsKey("CODEX_API_KEY"),
        "an OpenAI key sent to another provider");

    Files.createDirectories(dir.resolve(".codex"));
    Files.writeString(dir.resolve(".codex/auth.json"), "{}");
    assertFalse(
        codex.invocation(setup(arm, List.of(), env)).environment().containsKey("CODEX_API_KEY"),
        "the key would override the user's login");
  }

  @Test
  void missingAuthNamesWhatToSetForOpenAiOrForTheArmsOwnProvider() throws IOException {
    Map<String, String> home = Map.of("HOME", dir.toString());
    String why = codex.missingAuth(home).orElseThrow();
    assertTrue(why.contains("CODEX_API_KEY") && why.contains("OPENAI_API_KEY"), why);
    assertTrue(why.contains(dir.resolve(".codex/auth.json").toString()), why);
    assertEquals(Optional.empty(), codex.missingAuth(Map.of("OPENAI_API_KEY", "k", "HOME", "/")));
    assertEquals(Optional.empty(), codex.missingAuth(Map.of("CODEX_API_KEY", "k", "HOME", "/")));
    Path codexHome = Files.createDirectories(dir.resolve("ch"));
    Files.writeString(codexHome.resolve("auth.json"), "{}");
    assertEquals(Optional.empty(), codex.missingAuth(Map.of("CODEX_HOME", codexHome.toString())));

    List<String> gateway =
        List.of("-c", "model_provider=gw", "-c", "model_providers.gw.env_key=\"GW_KEY\"");
    assertEquals(
        "Codex CLI: set GW_KEY, the env_key of model provider 'gw' that the arm's args select",
        codex.missingAuth(home, gateway).orElseThrow());
    assertEquals(Optional.empty(), codex.missingAuth(Map.of("GW_KEY", "k"), gateway));
    assertEquals(Optional.empty(), codex.missingAuth(home, List.of("--oss")));
  }

  @Test
  void loginFileIsLinkedFromTheUsersCodexHome() {
    assertEquals(
        List.of(new AgentCli.Credential(Path.of("/c/auth.json"), Path.of("auth.json"))),
        codex.credentials(Map.of("CODEX_HOME", "/c")));
    assertEquals(
        Path.of("/home/u/.codex/auth.json"),
        codex.credentials(Map.of("HOME", "/home/u")).getFirst().userFile());
  }

  @Test
  void tomlStringsEscapeEveryControlCharacter() {
    assertEquals("\"a\\u0001b\\u007F\\\\\"", Toml.string("a\u0001b\u007f\\"));
    assertEquals("{}", Toml.table(Map.of()));
    assertEquals("\"a.b\"", Toml.key("a.b"));
    assertEquals("a-b_1", Toml.key("a-b_1"));
  }
}
