package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenCode in {@link AgentContractIT}: the scripted Messages API through OpenCode's Anthropic
 * provider, each 429 with a {@code retry-after} of 0 so its own five retries take no time; the
 * user's servers in its global config and in a config file and directory named in the environment,
 * the repository's in {@code opencode.json} and {@code .opencode/opencode.json}.
 */
final class OpenCodeContract extends ContractAgent {

  OpenCodeContract() {
    super(
        new Traits(
            "OpenCode",
            List.of("opencode", "opencode.exe"),
            "repo_read_text_file",
            "read",
            6,
            writers("repo_", "bash", "write", "edit", "apply_patch"),
            Optional.empty(),
            // OpenCode took 16 s to start its first server at a load of 30 on two cores.
            Duration.ofSeconds(60)));
  }

  @Override
  Api start(Model model, String key) {
    ScriptedMessagesApi api = ClaudeContract.messagesApi(model, Map.of("retry-after", "0"));
    return Api.of(
        api,
        api.environment(key, 0),
        OpenCodeParts.OPENCODE,
        ScriptedMessagesApi::offeredToolNames);
  }

  @Override
  org.reposearcheval.evals.agent.AgentOptions options(Path repo, Duration timeout) {
    return OpenCodeParts.options(repo, timeout);
  }

  @Override
  Turn.Call builtInRead(Path source) {
    return new Turn.Call("read", Map.of("filePath", source.toString()));
  }

  @Override
  List<Turn.Call> writes(Path root, Path source) {
    return List.of(
        serverWrite("repo_write_file", root),
        new Turn.Call("repo_edit_file", Map.of("path", source.toString(), "edits", "")),
        new Turn.Call("repo_create_directory", Map.of("path", root.resolve("made").toString())),
        new Turn.Call(
            "repo_move_file",
            Map.of("source", source.toString(), "destination", root.resolve("moved").toString())),
        shellTouch("bash", root),
        newFile("write", "filePath", root),
        new Turn.Call("edit", Map.of("filePath", source.toString(), "oldString", "builds")),
        new Turn.Call(
            "apply_patch",
            Map.of(
                "patchText",
                "*** Begin Patch\n*** Add File: "
                    + root.resolve("patched.txt")
                    + "\n+x\n*** End Patch")));
  }

  @Override
  List<String> plantUserServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException {
    env.remove("XDG_CONFIG_HOME");
    env.remove("XDG_DATA_HOME");
    Path global = Files.createDirectories(home.resolve(".config/opencode"));
    Files.writeString(global.resolve("opencode.json"), server(dir, "user", root));
    Path file = Files.writeString(dir.resolve("extra.json"), server(dir, "file", root));
    Path extraDir = Files.createDirectories(dir.resolve("extra-dir"));
    Files.writeString(extraDir.resolve("opencode.json"), server(dir, "dir", root));
    env.put("OPENCODE_CONFIG", file.toString());
    env.put("OPENCODE_CONFIG_DIR", extraDir.toString());
    return List.of("dir", "file", "user");
  }

  @Override
  List<String> plantRepoServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException {
    env.remove("XDG_CONFIG_HOME");
    Files.writeString(root.resolve("opencode.json"), server(dir, "project", root));
    Path dot = Files.createDirectories(root.resolve(".opencode"));
    Files.writeString(dot.resolve("opencode.json"), server(dir, "dot", root));
    return List.of("dot", "project");
  }

  /** An OpenCode config whose one server is a {@link RealParts#markingServer}. */
  private static String server(Path dir, String name, Path root) throws IOException {
    String claudeForm = RealParts.markingServer(dir, name, root);
    String command = claudeForm.substring(claudeForm.indexOf("\"command\": \"") + 12);
    command = command.substring(0, command.indexOf('"'));
    return "{\"mcp\": {\"%s\": {\"type\": \"local\", \"command\": [\"%s\"]}}}"
        .formatted(name, command);
  }

  @Override
  List<String> plainCommand(Api api, Path home, String prompt) {
    return List.of(RealParts.OPENCODE.toString(), "run", "--model", OpenCodeParts.MODEL, prompt);
  }

  @Override
  void plainEnvironment(Api api, Map<String, String> env) {
    // OpenCode's provider takes the API's root with /v1, where Claude Code's takes it without.
    env.computeIfPresent("ANTHROPIC_BASE_URL", (name, url) -> url + "/v1");
  }
}
