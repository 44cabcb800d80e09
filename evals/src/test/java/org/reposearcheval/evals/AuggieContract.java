package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.Binaries;
import org.reposearcheval.evals.suite.AgentSpec;

/**
 * The Augment CLI in {@link AgentContractIT}: {@link ScriptedAugmentBackend}, the CLI's only
 * service, its login in {@code AUGMENT_SESSION_AUTH}; the user's servers in {@code
 * ~/.augment/settings.json}, the repository's in {@code .augment/settings.json} and {@code
 * settings.local.json}.
 */
final class AuggieContract extends ContractAgent {
  static final AgentSpec AUGGIE = AgentSpec.of("auggie", Optional.of(RealParts.AUGGIE.toString()));

  AuggieContract() {
    super(
        new Traits(
            "Augment",
            List.of("auggie"),
            "read_text_file_repo",
            "view",
            1, // --retry-timeout 0
            List.of(
                "save-file",
                "launch-process",
                "str-replace-editor",
                "remove-files",
                "write_file_repo"),
            Optional.of("Tool save-file not found."),
            Duration.ofSeconds(20)));
  }

  @Override
  Api start(Model model, String key) {
    ScriptedAugmentBackend backend =
        ScriptedAugmentBackend.start(
            answering(
                model, ScriptedAugmentBackend::offeredTools, ScriptedAugmentBackend::toolResult));
    return Api.of(backend, backend.environment(key), AUGGIE, ScriptedAugmentBackend::offeredTools);
  }

  @Override
  AgentOptions options(Path repo, Duration timeout) {
    return new AgentOptions(
        Binaries.of("claude", "claude"), repo, Optional.empty(), Optional.empty(), timeout);
  }

  @Override
  Turn.Call builtInRead(Path source) {
    return new Turn.Call("view", Map.of("path", source.toString(), "type", "file"));
  }

  @Override
  List<Turn.Call> writes(Path root, Path source) {
    return List.of(
        new Turn.Call("save-file", Map.of("path", "src/Pwned.java", "file_content", "pwned")),
        new Turn.Call(
            "launch-process",
            Map.of("command", "touch pwned-by-shell", "wait", true, "max_wait_seconds", 10)),
        new Turn.Call(
            "str-replace-editor",
            Map.of(
                "command", "str_replace",
                "path", "src/Widget.java",
                "old_str", "builds widgets",
                "new_str", "builds nothing",
                "old_str_start_line_number", 1,
                "old_str_end_line_number", 1)),
        new Turn.Call("remove-files", Map.of("file_paths", List.of("src/Widget.java"))),
        new Turn.Call(
            "write_file_repo",
            Map.of("path", root.resolve("src/Pwned2.java").toString(), "content", "x")));
  }

  @Override
  List<String> plantUserServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException {
    plantMarkingServer(home.resolve(".augment/settings.json"), dir, "user-scope", root);
    return List.of("user-scope");
  }

  @Override
  List<String> plantRepoServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException {
    Path project = root.resolve(".augment");
    plantMarkingServer(project.resolve("settings.json"), dir, "project", root);
    plantMarkingServer(project.resolve("settings.local.json"), dir, "project-local", root);
    return List.of("project", "project-local");
  }

  @Override
  List<String> plainCommand(Api api, Path home, String prompt) throws IOException {
    Path file = Files.writeString(home.resolve("prompt.md"), prompt);
    return List.of(
        RealParts.AUGGIE.toString(),
        "--print",
        "--output-format",
        "json",
        "--instruction-file",
        file.toString());
  }

  @Override
  void plainEnvironment(Api api, Map<String, String> env) {
    env.put("TMPDIR", env.get("HOME"));
  }
}
