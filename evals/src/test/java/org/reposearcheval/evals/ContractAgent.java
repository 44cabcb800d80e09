package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * One pinned agent CLI as {@link AgentContractIT} drives it: its scripted API behind an
 * agent-neutral {@link Model}, the names its model gives the tools, where its user and its
 * repository keep MCP servers, and how a user runs it without the harness.
 */
abstract class ContractAgent {
  /** The filesystem server's reading tool, as every adapter records it. */
  static final String MCP_READ = "mcp__repo__read_text_file";

  /**
   * What tells the CLIs apart as plain data: the name shown, the programs {@code /proc} shows, the
   * filesystem server's reading tool as the model is offered it, the name recorded for the CLI's
   * own reading tool, how many 429s in a row the CLI takes before it gives up (its own retries),
   * the writing tools the harness never offers, what the CLI says in a tool result when it refuses
   * a write, and how long it may take to start and connect its servers on a loaded machine.
   */
  record Traits(
      String name,
      List<String> programs,
      String offeredMcpRead,
      String recordedBuiltInRead,
      int refusalsUntilTheCliGivesUp,
      List<String> writersNeverOffered,
      Optional<String> refusalSays,
      Duration startupAllowance) {}

  /**
   * The writing tools never offered: the agent's {@code own}, then the filesystem server's four,
   * each named {@code serverPrefix} + the server's name for it.
   */
  static List<String> writers(String serverPrefix, String... own) {
    return Stream.concat(
            Stream.of(own),
            Stream.of("write_file", "edit_file", "move_file", "create_directory")
                .map(serverPrefix::concat))
        .toList();
  }

  private final Traits traits;

  ContractAgent(Traits traits) {
    this.traits = traits;
  }

  @Override
  public final String toString() {
    return traits.name();
  }

  final String offeredMcpRead() {
    return traits.offeredMcpRead();
  }

  final String recordedBuiltInRead() {
    return traits.recordedBuiltInRead();
  }

  final int refusalsUntilTheCliGivesUp() {
    return traits.refusalsUntilTheCliGivesUp();
  }

  final List<String> writersNeverOffered() {
    return traits.writersNeverOffered();
  }

  final Optional<String> refusalSays() {
    return traits.refusalSays();
  }

  final Duration startupAllowance() {
    return traits.startupAllowance();
  }

  /** The CLI's program as {@code /proc} shows it. */
  final boolean runs(LiveProcess process) {
    return traits.programs().stream().anyMatch(process::runs);
  }

  /** What the model sees of one request: the tools offered, the last tool result if it ends so. */
  record Seen(List<String> tools, Optional<String> toolResult) {}

  /** The model's next turn. */
  sealed interface Turn {
    record Answer(String text) implements Turn {}

    /** A call of {@code tool}, named as the agent offers it (or would), with {@code args}. */
    record Call(String tool, Map<String, Object> args) implements Turn {
      JsonNode input() {
        return Json.MAPPER.valueToTree(args);
      }
    }

    /** HTTP 429, as the API says it. */
    record RateLimited() implements Turn {}

    /** No answer until the API is closed. */
    record Hang() implements Turn {}
  }

  /** The scripted model, the same for every agent; called once per agent turn. */
  @FunctionalInterface
  interface Model {
    Turn next(Seen seen);
  }

  /** The agent's API, answering as {@code model} says, until closed. */
  record Api(
      AutoCloseable server,
      Map<String, String> environment,
      AgentSpec spec,
      Supplier<List<List<String>>> offered,
      Supplier<List<Throwable>> failures)
      implements AutoCloseable {
    /** The API of {@code server}, whose requests offered the tools {@code offered} reads. */
    static Api of(
        ScriptedHttpServer server,
        Map<String, String> environment,
        AgentSpec spec,
        Function<JsonNode, List<String>> offered) {
      return new Api(
          server,
          environment,
          spec,
          () -> server.requests().stream().map(offered).toList(),
          server::failures);
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  /**
   * A stand-in's script answering as {@code model}: it sees the tools a request offered and the
   * request's last tool result ({@code result}); a rate limit goes out with {@code
   * rateLimitHeaders}.
   */
  static ScriptedHttpServer.Script answering(
      Model model,
      Function<JsonNode, List<String>> offered,
      Function<JsonNode, Optional<String>> result,
      Map<String, String> rateLimitHeaders) {
    return request ->
        switch (model.next(new Seen(offered.apply(request), result.apply(request)))) {
          case Turn.Answer a -> new Reply.Text(a.text());
          case Turn.Call c -> new Reply.ToolUse(c.tool(), c.input());
          case Turn.RateLimited r -> new Reply.Error(429, "Rate limited", rateLimitHeaders);
          case Turn.Hang h -> new Reply.Hang();
        };
  }

  /** As above, a rate limit without headers. */
  static ScriptedHttpServer.Script answering(
      Model model,
      Function<JsonNode, List<String>> offered,
      Function<JsonNode, Optional<String>> result) {
    return answering(model, offered, result, Map.of());
  }

  /** Starts the agent's scripted API; its environment carries the key {@code key}. */
  abstract Api start(Model model, String key);

  /** The harness's options for a run in {@code repo}. */
  abstract AgentOptions options(Path repo, Duration timeout);

  /** The arm named {@code name}: with the servers of {@code mcp}, or none. */
  Arm arm(Api api, String name, Optional<McpConfig> mcp) {
    return new Arm(name, mcp, Optional.empty(), api.spec());
  }

  /** The agent\'s own tool reading {@code source}. */
  abstract Turn.Call builtInRead(Path source);

  /** Writing a new file, {@code write.txt} in {@code root}, named by {@code pathKey}. */
  static Turn.Call newFile(String tool, String pathKey, Path root) {
    return new Turn.Call(
        tool, Map.of(pathKey, root.resolve("write.txt").toString(), "content", "x"));
  }

  /** Replacing "builds" by "eats" in {@code source}, named by {@code file_path}. */
  static Turn.Call replaceInSource(String tool, Path source) {
    return new Turn.Call(
        tool, Map.of("file_path", source.toString(), "old_string", "builds", "new_string", "eats"));
  }

  /** A shell command that touches {@code bash-touch} in {@code root}. */
  static Turn.Call shellTouch(String tool, Path root) {
    return new Turn.Call(
        tool, Map.of("command", "touch " + root.resolve("bash-touch"), "description", "t"));
  }

  /** The filesystem server's write of {@code mcp-write.txt} in {@code root}. */
  static Turn.Call serverWrite(String tool, Path root) {
    return new Turn.Call(
        tool, Map.of("path", root.resolve("mcp-write.txt").toString(), "content", "x"));
  }

  /** Calls that would change {@code root}, through the agent's own tools and the server's. */
  abstract List<Turn.Call> writes(Path root, Path source);

  /**
   * Writes {@code settings} (and its directory): an {@code mcpServers} file holding one marking
   * server, {@code name} ({@link RealParts#markingServer}).
   */
  static void plantMarkingServer(Path settings, Path dir, String name, Path root)
      throws IOException {
    Files.createDirectories(settings.getParent());
    Files.writeString(
        settings, RealParts.mcpServers(List.of(RealParts.markingServer(dir, name, root))));
  }

  /**
   * Plants marking servers ({@link RealParts#markingServer}) where the user keeps them, under
   * {@code home}, setting what else the user would set in {@code env}; returns their names.
   */
  abstract List<String> plantUserServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException;

  /** As {@link #plantUserServers}, in the repository {@code root}'s own configuration. */
  abstract List<String> plantRepoServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException;

  /** The CLI as a user runs it, asked {@code prompt}, without the harness. */
  abstract List<String> plainCommand(Api api, Path home, String prompt) throws IOException;

  /** Sets in {@code env} what the plain CLI needs to reach the API that the harness sets itself. */
  void plainEnvironment(Api api, Map<String, String> env) {
    env.putAll(api.spec().env());
  }

  /** The five pinned CLIs. */
  static List<ContractAgent> all() {
    return List.of(
        new ClaudeContract(),
        new CodexContract(),
        new GeminiContract(),
        new OpenCodeContract(),
        new AuggieContract());
  }
}
