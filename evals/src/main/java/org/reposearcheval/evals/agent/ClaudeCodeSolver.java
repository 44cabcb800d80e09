package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.Secrets;

/**
 * Runs a job through the real Claude Code CLI in headless mode, keeps its stream as the transcript,
 * and judges the run: {@code error}, {@code timeout}, {@code invalid}, or the scorer's verdict.
 * Closing it removes the runs' private config directories: close it once no run is in flight.
 */
public final class ClaudeCodeSolver implements Solver, AutoCloseable {
  /** Read-only built-in tools: the agent may look at the repository but never change it. */
  static final List<String> READ_ONLY_TOOLS = List.of("Read", "Grep", "Glob");

  /** Set for the agent unless the user's environment already decides them. */
  private static final Map<String, String> QUIET_DEFAULTS =
      Map.of(
          "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1",
          "DISABLE_AUTOUPDATER", "1",
          // MCP tools are otherwise deferred behind a ToolSearch tool; the eval offers them
          // directly.
          "ENABLE_TOOL_SEARCH", "false");

  /** An agent that prints more than this is stopped: memory and disk stay bounded. */
  public static final long MAX_TRANSCRIPT_BYTES = 64L << 20;

  private final AgentOptions options;
  private final Path outputDir;
  private final Map<String, String> environment;
  private final Secrets secrets;
  private final Verdicts verdicts;
  private final Retries retries;
  private final ConfigDirs configDirs;

  public ClaudeCodeSolver(AgentOptions options, Path outputDir, Map<String, String> environment) {
    this(options, outputDir, environment, Retries.NONE);
  }

  public ClaudeCodeSolver(
      AgentOptions options, Path outputDir, Map<String, String> environment, Retries retries) {
    this.options = options;
    this.outputDir = outputDir;
    this.environment = Map.copyOf(environment);
    this.secrets = Secrets.fromEnvironment(environment);
    this.verdicts = new Verdicts(secrets);
    this.retries = retries;
    this.configDirs = new ConfigDirs(environment);
  }

  /**
   * Extra attempts for transient failures, with exponential backoff and jitter, and the limit to
   * tell when the API pushes back.
   */
  public record Retries(int max, Duration baseBackoff, AdaptiveLimit limit, MemoryFloor memory) {
    public static final Retries NONE =
        new Retries(0, Duration.ofSeconds(2), new AdaptiveLimit(1), MemoryFloor.NONE);
  }

  @Override
  public RunResult solve(Job job) {
    for (int attempt = 1; ; attempt++) {
      try {
        retries.memory().awaitAvailable();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return RunResult.cancelled(job, 0, "cancelled while waiting for free memory");
      }
      Attempt tried = attempt(job);
      RunResult result = afterAttempts(tried.result(), attempt);
      if (tried.failure() == Verdicts.Transient.NONE) {
        retries.limit().succeeded();
        return result;
      }
      if (tried.failure() == Verdicts.Transient.PUSHED_BACK) {
        retries.limit().pushedBack();
      }
      if (attempt > retries.max() || Thread.currentThread().isInterrupted()) {
        return result;
      }
      keepFailedAttempt(job, attempt);
      try {
        Thread.sleep(backoff(attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return afterAttempts(
            RunResult.cancelled(job, result.durationMs(), "cancelled while backing off"), attempt);
      }
    }
  }

  private static RunResult afterAttempts(RunResult result, int attempts) {
    return result.with(result.outcome().withAttempts(attempts));
  }

  /** Exponential backoff with full jitter: uniformly up to base × 2^(attempt-1), at most 2 min. */
  private Duration backoff(int attempt) {
    long ceiling =
        Math.min(
            Duration.ofMinutes(2).toMillis(),
            retries.baseBackoff().toMillis() << Math.min(attempt - 1, 16));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
  }

  /** The transcript of a failed attempt stays beside the final one: {@code …-1.attempt1.jsonl}. */
  private void keepFailedAttempt(Job job, int attempt) {
    Path transcript = outputDir.resolve(job.transcriptName());
    String name =
        transcript.getFileName().toString().replace(".jsonl", ".attempt" + attempt + ".jsonl");
    try {
      Files.move(transcript, transcript.resolveSibling(name), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // The next attempt overwrites it; the final transcript is what the report links to.
    }
  }

  private record Attempt(RunResult result, Verdicts.Transient failure) {}

  private Attempt attempt(Job job) {
    Path transcript = outputDir.resolve(job.transcriptName());
    long start = System.nanoTime();
    Ending ending;
    try {
      if (!Files.isDirectory(transcript.getParent())) {
        Files.createDirectories(transcript.getParent());
      }
      try (ConfigDirs.Lease configDir = configDirs.acquire()) {
        ending =
            AgentProcess.run(
                new AgentProcess.Launch(
                    command(job),
                    prompt(job),
                    environment(configDir.path()),
                    options.repo(),
                    job.arm().usesMcp()),
                transcript,
                new AgentProcess.Limits(timeout(job), MAX_TRANSCRIPT_BYTES),
                secrets);
      }
    } catch (IOException e) {
      return new Attempt(
          verdicts.notRun(job, elapsedMs(start), "cannot run agent: " + e.getMessage()),
          Verdicts.Transient.NONE);
    }
    long durationMs = elapsedMs(start);
    AgentStream stream;
    try {
      stream = AgentStream.read(transcript);
    } catch (IOException e) {
      stream = AgentStream.NONE;
      ending = Ending.outputLost(ending, "cannot read transcript: " + e.getMessage());
    }
    return new Attempt(
        verdicts.judge(job, ending, stream, durationMs), Verdicts.transientFailure(ending, stream));
  }

  /**
   * The agent's command line, without the prompt: that goes on stdin ({@link #prompt}). As an
   * argument, a prompt over 128 KB (Linux's limit on one argument) could not start the agent at
   * all, one starting with {@code -} could be read as an option, and list-valued flags such as
   * {@code --allowedTools} could swallow it.
   */
  public List<String> command(Job job) {
    List<String> command = new ArrayList<>();
    command.add(options.claude());
    command.add("-p");
    command.addAll(List.of("--output-format", "stream-json", "--verbose"));
    command.add("--no-session-persistence");
    List<String> allowed = new ArrayList<>(READ_ONLY_TOOLS);
    command.add("--mcp-config");
    job.arm()
        .mcpConfig()
        .ifPresentOrElse(
            mcp -> {
              command.add(mcp.file().toString());
              mcp.serverNames().forEach(name -> allowed.add("mcp__" + name));
            },
            () -> command.add(McpConfig.NO_SERVERS));
    // Both arms: only the servers named here, so no user or project server leaks into a baseline.
    command.add("--strict-mcp-config");
    command.add("--allowedTools");
    command.add(String.join(" ", allowed));
    job.arm()
        .model()
        .or(options::model)
        .ifPresent(model -> command.addAll(List.of("--model", model)));
    options.maxTurns().ifPresent(turns -> command.addAll(List.of("--max-turns", turns.toString())));
    return command;
  }

  /**
   * What the agent reads on stdin: the prompt, byte for byte, and then the end of the stream.
   * {@code claude -p} without a prompt argument takes all of its stdin as the prompt (up to 10 MB).
   */
  static byte[] prompt(Job job) {
    return job.testCase().prompt().getBytes(StandardCharsets.UTF_8);
  }

  /** The user's environment, minus the nested-session guard, plus a private config directory. */
  Map<String, String> environment(Path configDir) {
    Map<String, String> env = withoutSessionGuard(environment);
    QUIET_DEFAULTS.forEach(env::putIfAbsent);
    env.put("CLAUDE_CONFIG_DIR", configDir.toString());
    return env;
  }

  /** Problems the runs could not report themselves: login tokens that could not be saved. */
  public List<String> warnings() {
    return configDirs.warnings();
  }

  @Override
  public void close() throws IOException {
    configDirs.close();
  }

  public Duration timeout(Job job) {
    return job.testCase().timeout().orElse(options.runTimeout());
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /**
   * A copy of {@code environment} without Claude Code's nested-session guard, which would make the
   * agent refuse to start when the harness itself runs inside a Claude Code session.
   */
  static Map<String, String> withoutSessionGuard(Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    env.remove("CLAUDECODE");
    return env;
  }
}
