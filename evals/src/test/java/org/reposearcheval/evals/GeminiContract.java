package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.suite.AgentSpec;

/**
 * Gemini CLI in {@link AgentContractIT}: the scripted Gemini API; the user's servers in {@code
 * ~/.gemini/settings.json}, the repository's in {@code .gemini/settings.json}, which a trusted
 * workspace loads.
 */
final class GeminiContract extends ContractAgent {
  static final String MODEL = "gemini-2.5-flash";
  static final AgentSpec GEMINI =
      new AgentSpec("gemini", Optional.of(RealParts.GEMINI.toString()), List.of(), Map.of());

  GeminiContract() {
    super(
        new Traits(
            "Gemini CLI",
            List.of("gemini"),
            "mcp_repo_read_text_file",
            "read_file",
            2,
            writers("mcp_repo_", "write_file", "replace", "run_shell_command"),
            Optional.empty(),
            Duration.ofSeconds(20)));
  }

  @Override
  Api start(Model model, String key) {
    ScriptedGeminiApi api =
        ScriptedGeminiApi.start(
            answering(model, ScriptedGeminiApi::offeredToolNames, ScriptedGeminiApi::toolResult));
    return Api.of(api, api.environment(key), GEMINI, ScriptedGeminiApi::offeredToolNames);
  }

  @Override
  AgentOptions options(Path repo, Duration timeout) {
    return RealParts.claudeOptions(repo, Optional.of(MODEL), timeout);
  }

  @Override
  Turn.Call builtInRead(Path source) {
    return new Turn.Call("read_file", Map.of("file_path", source.toString()));
  }

  @Override
  List<Turn.Call> writes(Path root, Path source) {
    return List.of(
        newFile("write_file", "file_path", root),
        replaceInSource("replace", source),
        shellTouch("run_shell_command", root),
        serverWrite("mcp_repo_write_file", root));
  }

  @Override
  List<String> plantUserServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException {
    env.remove("GEMINI_CLI_HOME");
    userSettings(home, RealParts.markingServer(dir, "user", root));
    return List.of("user");
  }

  @Override
  List<String> plantRepoServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException {
    env.remove("GEMINI_CLI_HOME");
    env.put("GEMINI_CLI_TRUST_WORKSPACE", "true");
    userSettings(home, "");
    plantMarkingServer(root.resolve(".gemini/settings.json"), dir, "project", root);
    return List.of("project");
  }

  /** The user's {@code ~/.gemini/settings.json}: signed in with an API key, {@code servers}. */
  private static void userSettings(Path home, String servers) throws IOException {
    Path settings = Files.createDirectories(home.resolve(".gemini")).resolve("settings.json");
    Files.writeString(
        settings,
        "{\"security\": {\"auth\": {\"selectedType\": \"gemini-api-key\"}}, \"mcpServers\": {%s}}"
            .formatted(servers));
  }

  @Override
  void plainEnvironment(Api api, Map<String, String> env) {
    env.put("GEMINI_CLI_TRUST_WORKSPACE", "true"); // else it stops at once, headless
  }

  @Override
  List<String> plainCommand(Api api, Path home, String prompt) {
    return List.of(RealParts.GEMINI.toString(), "-m", MODEL, "-p", prompt);
  }
}
