package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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
interface ContractAgent {
  /** The filesystem server's reading tool, as every adapter records it. */
  String MCP_READ = "mcp__repo__read_text_file";

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
    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  /** Starts the agent's scripted API; its environment carries the key {@code key}. */
  Api start(Model model, String key);

  /** The harness's options for a run in {@code repo}. */
  AgentOptions options(Path repo, Duration timeout);

  /** The arm named {@code name}: with the servers of {@code mcp}, or none. */
  default Arm arm(Api api, String name, Optional<McpConfig> mcp) {
    return new Arm(name, mcp, Optional.empty(), api.spec());
  }

  /** The filesystem server's reading tool as the model is offered it. */
  String offeredMcpRead();

  /** The agent's own tool reading {@code source}, and the name the adapter records for it. */
  Turn.Call builtInRead(Path source);

  String recordedBuiltInRead();

  /** How many 429s in a row the CLI takes before it gives up (its own retries). */
  int refusalsUntilTheCliGivesUp();

  /** Calls that would change {@code root}, through the agent's own tools and the server's. */
  List<Turn.Call> writes(Path root, Path source);

  /** What the CLI says, in some tool result, when it refuses one of {@link #writes}. */
  default Optional<String> refusalSays() {
    return Optional.empty();
  }

  /** Of the tools named in {@link #writes}, those the harness never offers. */
  List<String> writersNeverOffered();

  /** The CLI's program as {@code /proc} shows it. */
  boolean runs(LiveProcess process);

  /** Long enough for the CLI to start and connect its servers on a loaded machine. */
  default Duration startupAllowance() {
    return Duration.ofSeconds(20);
  }

  /**
   * Plants marking servers ({@link RealParts#markingServer}) where the user keeps them, under
   * {@code home}, setting what else the user would set in {@code env}; returns their names.
   */
  List<String> plantUserServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException;

  /** As {@link #plantUserServers}, in the repository {@code root}'s own configuration. */
  List<String> plantRepoServers(Path dir, Path home, Path root, Map<String, String> env)
      throws IOException;

  /** The CLI as a user runs it, asked {@code prompt}, without the harness. */
  List<String> plainCommand(Api api, Path home, String prompt) throws IOException;

  /** Sets in {@code env} what the plain CLI needs to reach the API that the harness sets itself. */
  default void plainEnvironment(Api api, Map<String, String> env) {
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
