package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.TestCase;
import tools.jackson.databind.JsonNode;

/**
 * What an OpenCode run can reach, with the pinned CLI and the real filesystem server against the
 * scripted Messages API: never a server of the user's or of the repository's, never a tool that
 * changes the repository; a signed-in user's key, yes.
 */
class OpenCodeIsolationIT {
  @TempDir Path dir;
  TestProcesses processes;

  @BeforeEach
  void seeProcesses() {
    processes = new TestProcesses(dir);
  }

  @AfterEach
  void killLeftovers() {
    processes.killAll();
  }

  @Test
  void writeAttemptsThroughEveryToolLeaveTheRepositoryAsItWas() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = RealParts.widgetRepo(repo);
    Path root = repo.toRealPath();
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(mcpConfig, RealParts.mcpServers(List.of(RealParts.server("repo", root))));
    Map<String, String> before = snapshot(repo);
    // The model asks for every writing tool in turn, offered or not, then answers.
    List<ScriptedMessagesApi.Reply> attempts =
        List.of(
            OpenCodeParts.toolUse(
                "repo_write_file", "path", root.resolve("mcp-write.txt"), "content", "x"),
            OpenCodeParts.toolUse("repo_edit_file", "path", source, "edits", null),
            OpenCodeParts.toolUse(
                "repo_create_directory", "path", root.resolve("made"), null, null),
            OpenCodeParts.toolUse(
                "repo_move_file", "source", source, "destination", root.resolve("moved")),
            OpenCodeParts.toolUse(
                "bash", "command", "touch " + root.resolve("bash-touch"), "description", "t"),
            OpenCodeParts.toolUse("write", "filePath", root.resolve("write.txt"), "content", "x"),
            OpenCodeParts.toolUse("edit", "filePath", source, "oldString", "builds"),
            OpenCodeParts.toolUse(
                "apply_patch",
                "patchText",
                "*** Begin Patch\n*** Add File: "
                    + root.resolve("patched.txt")
                    + "\n+x\n*** End Patch",
                null,
                null),
            new ScriptedMessagesApi.Reply.Text("I could not change anything."));
    AtomicInteger step = new AtomicInteger();
    try (ScriptedMessagesApi api =
            ScriptedMessagesApi.start(
                request -> attempts.get(Math.min(step.getAndIncrement(), attempts.size() - 1)));
        AgentSolver solver =
            new AgentSolver(
                OpenCodeParts.options(repo, Duration.ofMinutes(2)),
                dir.resolve("out"),
                processes.tag(api.environment(OpenCodeParts.PLANTED_KEY, 0)))) {
      RunResult result =
          solver.solve(
              new Job(
                  0,
                  TestJobs.testCase("vandal", "Change the repository.", "could not"),
                  Arm.withMcp(McpConfig.load(mcpConfig), OpenCodeParts.OPENCODE),
                  1));

      assertEquals(RunStatus.PASSED, result.status(), result.error());
      assertEquals(attempts.size(), api.requests().size(), "every attempt reached the agent");
      assertEquals(before, snapshot(repo), "the repository changed");
      for (JsonNode request : api.requests()) {
        List<String> offered = ScriptedMessagesApi.offeredToolNames(request);
        for (String writer :
            List.of(
                "bash",
                "write",
                "edit",
                "apply_patch",
                "repo_write_file",
                "repo_edit_file",
                "repo_create_directory",
                "repo_move_file")) {
          assertFalse(offered.contains(writer), writer + " was offered");
        }
      }
    }
  }

  @Test
  void serversOfTheUserAndOfTheRepositoryStayOutAndASignedInUsersKeyIsUsed() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path source = RealParts.widgetRepo(repo);
    Path root = repo.toRealPath();
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(mcpConfig, RealParts.mcpServers(List.of(RealParts.server("repo", root))));
    // The user's own servers, where OpenCode looks for them: its global config, a config file and
    // a config directory named in the environment; and the repository's, in both its forms.
    Path home = Files.createDirectories(dir.resolve("home"));
    Path userConfig = Files.createDirectories(home.resolve(".config/opencode"));
    Files.writeString(userConfig.resolve("opencode.json"), openCodeServer(dir, "user", root));
    Path extraFile =
        Files.writeString(dir.resolve("extra.json"), openCodeServer(dir, "file", root));
    Path extraDir = Files.createDirectories(dir.resolve("extra-dir"));
    Files.writeString(extraDir.resolve("opencode.json"), openCodeServer(dir, "dir", root));
    Files.writeString(repo.resolve("opencode.json"), openCodeServer(dir, "project", root));
    Path dotOpencode = Files.createDirectories(repo.resolve(".opencode"));
    Files.writeString(dotOpencode.resolve("opencode.json"), openCodeServer(dir, "dot", root));
    // A user signed in with `opencode auth login`: the only key the runs get.
    Path auth = Files.createDirectories(home.resolve(".local/share/opencode")).resolve("auth.json");
    Files.writeString(
        auth,
        "{\"anthropic\": {\"type\": \"api\", \"key\": \"" + OpenCodeParts.PLANTED_KEY + "\"}}");

    try (ScriptedMessagesApi api =
        ScriptedMessagesApi.start(request -> OpenCodeParts.reply(request, source))) {
      Map<String, String> env = processes.tag(api.environment(OpenCodeParts.PLANTED_KEY, 0));
      env.remove("ANTHROPIC_API_KEY");
      env.remove("XDG_CONFIG_HOME");
      env.remove("XDG_DATA_HOME");
      env.put("HOME", home.toString());
      env.put("OPENCODE_CONFIG", extraFile.toString());
      env.put("OPENCODE_CONFIG_DIR", extraDir.toString());
      TestCase question =
          TestJobs.testCase("widget", "Which class builds widgets?", "WidgetFactory");
      RunResult mcp;
      RunResult baseline;
      try (AgentSolver solver =
          new AgentSolver(
              OpenCodeParts.options(repo, Duration.ofMinutes(2)), dir.resolve("out"), env)) {
        mcp =
            solver.solve(
                new Job(
                    0,
                    question,
                    Arm.withMcp(McpConfig.load(mcpConfig), OpenCodeParts.OPENCODE),
                    1));
        baseline = solver.solve(new Job(1, question, Arm.withoutMcp(OpenCodeParts.OPENCODE), 1));
      }

      assertEquals(List.of(), RealParts.started(dir), "planted servers were started");
      assertEquals(RunStatus.PASSED, mcp.status(), mcp.error());
      assertEquals(List.of(new RunResult.McpServer("repo", "connected")), mcp.mcpServers());
      assertEquals(RunStatus.PASSED, baseline.status(), baseline.error());
      assertEquals(List.of(), baseline.mcpServers());
      assertTrue(
          Files.readString(auth).contains(OpenCodeParts.PLANTED_KEY), "the user's login is intact");
      assertEquals(List.of(), processes.alive(), "processes outlived the runs");
    }
  }

  /** An OpenCode config whose one server is a {@link RealParts#markingServer}. */
  private static String openCodeServer(Path dir, String name, Path root) throws IOException {
    String claudeForm = RealParts.markingServer(dir, name, root);
    String command = claudeForm.substring(claudeForm.indexOf("\"command\": \"") + 12);
    command = command.substring(0, command.indexOf('"'));
    return "{\"mcp\": {\"%s\": {\"type\": \"local\", \"command\": [\"%s\"]}}}"
        .formatted(name, command);
  }

  /** Every file under {@code repo} with its content, .git aside. */
  private static Map<String, String> snapshot(Path repo) throws IOException {
    try (Stream<Path> files = Files.walk(repo)) {
      return files
          .filter(f -> !repo.relativize(f).startsWith(".git"))
          .collect(
              Collectors.toMap(
                  f -> repo.relativize(f).toString(),
                  f -> {
                    try {
                      return Files.isDirectory(f) ? "/" : Files.readString(f);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  }));
    }
  }
}
