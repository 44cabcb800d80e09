package org.reposearcheval.evals.agent.auggie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentCli.StreamContext;
import org.reposearcheval.evals.agent.AgentClis;
import org.reposearcheval.evals.agent.AgentStream;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;

/** How a run of the Augment CLI starts, and what it needs to sign in. */
class AugmentCliTest {
  private static final AugmentCli CLI = new AugmentCli();

  @TempDir Path dir;

  @Test
  void isRegisteredAsAuggie() {
    assertEquals(Optional.of(CLI.getClass()), AgentClis.named("auggie").map(Object::getClass));
    assertEquals("Augment CLI", CLI.displayName());
    assertEquals("auggie", CLI.defaultCommand());
  }

  @Test
  void baselineGetsNoServersThePrivateHomeThePromptInAFileAndNoWriteTool() throws IOException {
    AgentCli.RunSetup run = setup(Arm.withoutMcp(AUGGIE), List.of());

    AgentCli.Invocation invocation = CLI.invocation(run);

    List<String> command = invocation.command();
    assertEquals(AugmentCli.SESSION_WRAPPER, command.subList(0, 4));
    assertEquals(home().resolve(".augment/sessions").toString(), command.get(4));
    assertEquals(McpConfig.NO_SERVERS, command.get(5));
    assertEquals("/opt/auggie", command.get(6));
    assertEquals(McpConfig.NO_SERVERS, after(command, "--mcp-config"));
    assertEquals("json", after(command, "--output-format"));
    assertEquals(home().resolve(".augment").toString(), after(command, "--augment-cache-dir"));
    assertEquals(dir.resolve("repo").toString(), after(command, "--workspace-root"));
    assertEquals("0", after(command, "--retry-timeout"));
    assertTrue(command.contains("--print"));
    assertEquals(
        "Which class builds widgets?",
        Files.readString(Path.of(after(command, "--instruction-file"))));
    assertEquals(0, invocation.stdin().length, "stdin is closed at once");
    for (String tool :
        List.of(
            "launch-process", "save-file", "str-replace-editor", "apply_patch", "remove-files")) {
      assertTrue(removed(command).contains(tool), tool);
    }
    assertEquals(home().toString(), invocation.environment().get("HOME"));
    assertEquals(home().resolve("tmp").toString(), invocation.environment().get("TMPDIR"));
    assertEquals("session", invocation.environment().get("AUGMENT_SESSION_AUTH"));
  }

  @Test
  void withMcpArmGetsItsServersTranslatedInAFileAndTheirWriteToolsRemoved() throws IOException {
    Path config = dir.resolve("mcp.json");
    Files.writeString(
        config,
        """
        {"mcpServers": {
          "repo": {"command": "mcp-server-filesystem", "args": ["/r"], "env": {"TOKEN": "t"}},
          "docs.web": {"url": "https://docs.example/mcp", "headers": {"Authorization": "Bearer x"}}
        }}\
        """);
    AgentCli.RunSetup run = setup(Arm.withMcp(McpConfig.load(config), AUGGIE), List.of());

    List<String> command = CLI.invocation(run).command();

    Path file = Path.of(after(command, "--mcp-config"));
    assertTrue(file.startsWith(home()), "in the private home, off the command line");
    JsonNode servers = Json.MAPPER.readTree(Files.readString(file)).path("mcpServers");
    assertEquals(
        Json.MAPPER.readTree(
            """
            {"command": "'mcp-server-filesystem'", "args": ["'/r'"],
             "env": {"TOKEN": "t", "REPO_SEARCH_EVAL_RUN": "@REPO_SEARCH_EVAL_RUN@"}}\
            """),
        servers.path("repo"));
    assertEquals(file.toString(), command.get(5), "the wrapper puts the run's marker in");
    assertEquals(
        Json.MAPPER.readTree(
            """
            {"type": "http", "url": "https://docs.example/mcp",
             "headers": {"Authorization": "Bearer x"}}\
            """),
        servers.path("docs.web"));
    assertTrue(removed(command).contains("write_file_repo"));
    assertTrue(removed(command).contains("edit_file_docs_web"));
    assertFalse(String.join(" ", command).contains("Bearer x"));
  }

  @Test
  void theHarnessDecidesServersOutputAndRetriesOverTheArmsOwnArguments() throws IOException {
    AgentCli.RunSetup run =
        setup(
            Arm.withoutMcp(AUGGIE),
            List.of("--mcp-config", "/home/u/more.json", "-q", "--rules", "r.md", "--mcp-config=x"),
            Optional.of("claude-sonnet-4-5"),
            Optional.of(7));

    List<String> command = CLI.invocation(run).command();

    assertEquals(List.of(McpConfig.NO_SERVERS), values(command, "--mcp-config"));
    assertFalse(command.contains("-q"));
    assertFalse(command.contains("--mcp-config=x"));
    assertEquals("r.md", after(command, "--rules"));
    assertEquals("claude-sonnet-4-5", after(command, "--model"));
    assertEquals("7", after(command, "--max-turns"));

    List<String> ownTimeout =
        CLI.invocation(setup(Arm.withoutMcp(AUGGIE), List.of("--retry-timeout", "30"))).command();
    assertEquals(List.of("30"), values(ownTimeout, "--retry-timeout"));
  }

  @Test
  void translatedNamesAreTheClisAndComeBackAsTheHarnessNames() {
    assertEquals("read_text_file_my_repo", AuggieMcp.toolName("read_text_file", "my.repo"));
    assertEquals(64, AuggieMcp.toolName("t".repeat(60), "server").length());
    assertEquals(
        Optional.of("mcp__fs_2__list_directory"),
        AuggieMcp.normalized("list_directory_fs_2", List.of("fs", "fs_2")));
    assertEquals(Optional.empty(), AuggieMcp.normalized("view", List.of("fs")));
    assertEquals(Optional.empty(), AuggieMcp.normalized("_fs", List.of("fs")));
    assertEquals("'it'\\''s a $HOME'", AuggieMcp.shellQuoted("it's a $HOME"));
  }

  @Test
  void theSignedInUsersSessionFileIsLinkedIntoTheCacheDir() {
    List<AgentCli.Credential> credentials = CLI.credentials(Map.of("HOME", "/home/u"));

    assertEquals(
        List.of(
            new AgentCli.Credential(
                Path.of("/home/u/.augment/session.json"), Path.of(".augment/session.json"))),
        credentials);
  }

  @Test
  void missingAuthNamesWhatToSetUnlessASessionIsGivenOrSignedIn() throws IOException {
    Path user = Files.createDirectories(dir.resolve("user"));
    Map<String, String> nothing = Map.of("HOME", user.toString());

    assertEquals(
        Optional.of(
            "Augment CLI: no login: set AUGMENT_SESSION_AUTH (the JSON `auggie token print` prints)"
                + " or sign in with `auggie login` (it writes "
                + user.resolve(".augment/session.json")
                + ")"),
        CLI.missingAuth(nothing));
    assertEquals(
        Optional.empty(),
        CLI.missingAuth(Map.of("HOME", user.toString(), "AUGMENT_SESSION_AUTH", "{}")));
    Files.writeString(
        Files.createDirectories(user.resolve(".augment")).resolve("session.json"), "{}");
    assertEquals(Optional.empty(), CLI.missingAuth(nothing));
  }

  /** The wrapper, run by a real {@code sh} around a stand-in CLI, keeps its status and session. */
  @Test
  void theWrapperPrintsTheSavedSessionAfterTheOutputAndKeepsTheExitStatus() throws Exception {
    Path sessions = Files.createDirectories(dir.resolve("sessions"));
    Path fake = dir.resolve("fake-auggie");
    Files.writeString(
        fake,
        """
        #!/bin/sh
        printf '{\\n  "sessionId": "s-1",\\n  "chatHistory": [{"exchange": {"response_nodes": \
        [{"type": 5, "tool_use": {"tool_name": "view"}}]}}]\\n}\\n' > "%s/s-1.json"
        echo '{"type":"result","result":"a\\\\nb","is_error":false,"subtype":"success"}'
        exit 3
        """
            .formatted(sessions));
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    Path out = dir.resolve("out.jsonl");
    Path mcp = Files.writeString(dir.resolve("mcp.json"), "{\"m\": \"@REPO_SEARCH_EVAL_RUN@\"}");
    List<String> command = new ArrayList<>(AugmentCli.SESSION_WRAPPER);
    command.addAll(List.of(sessions.toString(), mcp.toString(), fake.toString(), "--print"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile());
    builder.environment().put("REPO_SEARCH_EVAL_RUN", "marker-1");
    Process process = builder.start();

    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(3, process.exitValue());
    AgentStream stream = AuggieOutput.read(out, StreamContext.NONE);
    assertEquals("a\nb", stream.result().answer());
    assertEquals(Map.of("view", 1), stream.toolCalls().byName());
    assertEquals(1, stream.result().numTurns());
    assertEquals("{\"m\": \"marker-1\"}", Files.readString(mcp));
  }

  private static final AgentSpec AUGGIE = AgentSpec.of("auggie", Optional.of("/opt/auggie"));

  private AgentCli.RunSetup setup(Arm arm, List<String> extraArgs) throws IOException {
    return setup(arm, extraArgs, Optional.empty(), Optional.empty());
  }

  private AgentCli.RunSetup setup(
      Arm arm, List<String> extraArgs, Optional<String> model, Optional<Integer> maxTurns)
      throws IOException {
    Files.createDirectories(home().resolve("tmp"));
    Job job =
        new Job(0, TestJobs.testCase("widget", "Which class builds widgets?", "Widget"), arm, 1);
    return new AgentCli.RunSetup(
        job.testCase().prompt(),
        job.arm().mcpConfig(),
        "/opt/auggie",
        extraArgs,
        Map.of("HOME", "/home/u", "AUGMENT_SESSION_AUTH", "session"),
        dir.resolve("repo"),
        home(),
        home().resolve("tmp"),
        model,
        maxTurns);
  }

  private Path home() {
    return dir.resolve("home");
  }

  private static String after(List<String> command, String option) {
    List<String> found = values(command, option);
    assertEquals(1, found.size(), option + " in " + command);
    return found.getFirst();
  }

  private static List<String> values(List<String> command, String option) {
    List<String> found = new ArrayList<>();
    for (int i = 0; i < command.size() - 1; i++) {
      if (command.get(i).equals(option)) {
        found.add(command.get(i + 1));
      }
    }
    return found;
  }

  private static List<String> removed(List<String> command) {
    return Collections.unmodifiableList(values(command, "--remove-tool"));
  }
}
