package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;

/**
 * Codex in {@link AgentContractIT}: the scripted Responses API as a model provider of the arm's own
 * ({@code args} and {@code env}, as a user points codex at a gateway), its own retries off, and a
 * model codex has no metadata for, so that it offers classic function tools; the user's servers in
 * {@code ~/.codex/config.toml}, the repository's in {@code .codex/config.toml}, which codex reads
 * for a project the user trusts.
 */
final class CodexContract extends ContractAgent {
  static final String KEY_VARIABLE = "SCRIPTED_RESPONSES_KEY";
  static final String MODEL = "mock-model";

  CodexContract() {
    super(
        new Traits(
            "Codex",
            List.of("codex"),
            MCP_READ,
            "command_execution",
            1,
            List.of(),
            Optional.of("Read-only file system"), // the command ran; the sandbox refused it
            Duration.ofSeconds(20)));
  }

  @Override
  Api start(Model model, String key) {
    ScriptedResponsesApi api =
        ScriptedResponsesApi.start(
            answering(
                model, ScriptedResponsesApi::offeredToolNames, ScriptedResponsesApi::toolResult));
    AgentSpec spec =
        new AgentSpec(
            "codex",
            Optional.of(RealParts.CODEX.toString()),
            api.codexArgs(KEY_VARIABLE, 0),
            Map.of(KEY_VARIABLE, key));
    return Api.of(
        api, new HashMap<>(System.getenv()), spec, ScriptedResponsesApi::offeredToolNames);
  }

  @Override
  AgentOptions options(Path repo, Duration timeout) {
    return RealParts.claudeOptions(repo, Optional.empty(), timeout);
  }

  @Override
  Arm arm(Api api, String name, Optional<McpConfig> mcp) {
    return new Arm(name, mcp, Optional.of(MODEL), api.spec());
  }

  @Override
  Turn.Call builtInRead(Path source) {
    return new Turn.Call("exec_command", Map.of("cmd", "cat src/Widget.java"));
  }

  @Override
  List<Turn.Call> writes(Path root, Path source) {
    return List.of(
        new Turn.Call("exec_command", Map.of("cmd", "touch src/planted.txt")),
        serverWrite("mcp__repo__write_file", root));
  }

  @Override
  List<String> plantUserServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException {
    RealParts.markingServer(dir, "user-scope", root);
    userConfig(
        home,
        root,
        "[mcp_servers.user-scope]\ncommand = \"%s\"\n\n"
            .formatted(dir.resolve("servers/user-scope")),
        env);
    return List.of("user-scope");
  }

  @Override
  List<String> plantRepoServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException {
    RealParts.markingServer(dir, "project", root);
    Path project = Files.createDirectories(root.resolve(".codex")).resolve("config.toml");
    Files.writeString(
        project,
        "[mcp_servers.project]\ncommand = \"%s\"\n".formatted(dir.resolve("servers/project")));
    userConfig(home, root, "", env);
    return List.of("project");
  }

  /** {@code ~/.codex/config.toml}: {@code servers}, and the repository trusted. */
  private static void userConfig(Path home, Path root, String servers, Map<String, String> env)
      throws IOException {
    env.remove("CODEX_HOME");
    Path config = Files.createDirectories(home.resolve(".codex")).resolve("config.toml");
    Files.writeString(
        config, servers + "[projects.\"%s\"]\ntrust_level = \"trusted\"\n".formatted(root));
  }

  @Override
  List<String> plainCommand(Api api, Path home, String prompt) {
    List<String> command = new ArrayList<>(List.of(RealParts.CODEX.toString(), "exec"));
    command.addAll(api.spec().args());
    command.addAll(List.of("--skip-git-repo-check", "-m", MODEL, prompt));
    return command;
  }
}
