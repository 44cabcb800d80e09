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
 * Claude Code in {@link AgentContractIT}: the scripted Messages API, {@code
 * CLAUDE_CODE_MAX_RETRIES} 0; the user's servers in {@code ~/.claude.json} (user and local scope,
 * as {@code claude mcp add} puts them), the repository's in {@code .mcp.json}, enabled by its
 * {@code .claude} settings.
 */
final class ClaudeContract extends ContractAgent {
  private final boolean configDir;

  ClaudeContract() {
    this(false);
  }

  /**
   * With {@code configDir}, the user keeps Claude Code's configuration in {@code
   * $CLAUDE_CONFIG_DIR} rather than in the home directory.
   */
  ClaudeContract(boolean configDir) {
    super(
        new Traits(
            configDir ? "Claude Code, CLAUDE_CONFIG_DIR" : "Claude Code",
            List.of("claude"),
            MCP_READ,
            "Read",
            1,
            List.of(),
            Optional.empty(),
            Duration.ofSeconds(20)));
    this.configDir = configDir;
  }

  @Override
  Api start(Model model, String key) {
    ScriptedMessagesApi api = messagesApi(model, Map.of());
    return Api.of(
        api, api.environment(key, 0), AgentSpec.DEFAULT, ScriptedMessagesApi::offeredToolNames);
  }

  /**
   * The Messages API answering as {@code model}; a side request (a title, a quota check) offers no
   * tools and gets "ok" without asking the model.
   */
  static ScriptedMessagesApi messagesApi(Model model, Map<String, String> refusalHeaders) {
    ScriptedHttpServer.Script agent =
        answering(
            model,
            ScriptedMessagesApi::offeredToolNames,
            ScriptedMessagesApi::toolResult,
            refusalHeaders);
    return ScriptedMessagesApi.start(
        request ->
            ScriptedMessagesApi.offeredToolNames(request).isEmpty()
                ? new Reply.Text("ok")
                : agent.reply(request));
  }

  @Override
  AgentOptions options(Path repo, Duration timeout) {
    return RealParts.claudeOptions(repo, Optional.empty(), timeout);
  }

  @Override
  Turn.Call builtInRead(Path source) {
    return new Turn.Call("Read", Map.of("file_path", source.toString()));
  }

  @Override
  List<Turn.Call> writes(Path root, Path source) {
    return List.of(
        newFile("Write", "file_path", root),
        replaceInSource("Edit", source),
        shellTouch("Bash", root));
    // Not the server's write_file: --allowedTools mcp__<server> allows every tool of an arm's
    // server, and the filesystem server's write_file does write (docs/agents.md, Gemini's "Limit").
    // hidden.
  }

  @Override
  List<String> plantUserServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException {
    Path config = home;
    if (configDir) {
      config = Files.createDirectories(dir.resolve("user-config"));
      env.put("CLAUDE_CONFIG_DIR", config.toString());
    } else {
      env.remove("CLAUDE_CONFIG_DIR");
      Files.createDirectories(home.resolve(".claude"));
    }
    Files.writeString(
        config.resolve(".claude.json"),
        """
        {"mcpServers": {%s},
         "projects": {"%s": {"mcpServers": {%s}, "hasTrustDialogAccepted": true}}}\
        """
            .formatted(
                RealParts.markingServer(dir, "user-scope", root),
                root,
                RealParts.markingServer(dir, "local-scope", root)));
    return List.of("local-scope", "user-scope");
  }

  @Override
  List<String> plantRepoServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException {
    env.remove("CLAUDE_CONFIG_DIR");
    plantMarkingServer(root.resolve(".mcp.json"), dir, "project", root);
    Path settings = Files.createDirectories(root.resolve(".claude"));
    Files.writeString(settings.resolve("settings.json"), "{\"enableAllProjectMcpServers\": true}");
    Files.writeString(
        settings.resolve("settings.local.json"), "{\"enabledMcpjsonServers\": [\"project\"]}");
    return List.of("project");
  }

  @Override
  List<String> plainCommand(Api api, Path home, String prompt) {
    return List.of(RealParts.CLAUDE.toString(), "-p", prompt);
  }
}
