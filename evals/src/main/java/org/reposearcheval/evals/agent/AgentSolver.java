package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.reposearcheval.evals.process.AgentProcess;
import org.reposearcheval.evals.process.Ending;
import org.reposearcheval.evals.process.Limits;
import org.reposearcheval.evals.process.Spawn;
import org.reposearcheval.evals.run.Attempt;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Slot;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.run.Turns;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.FileTrees;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Secrets;

/**
 * Runs a job through the agent CLI its arm names ({@link AgentCli}), headless, keeps its output as
 * the transcript, and judges the run: {@code error}, {@code timeout}, {@code invalid}, or the
 * scorer's verdict. Every agent gets the same treatment: a private config home and {@code TMPDIR}
 * for each run, the prompt on stdin, the timeout killing the whole process tree. One attempt:
 * retries, backoff and the limits fed back are {@code run.Retrying}'s, around this. Closing it
 * removes the runs' private homes: close it once no run is in flight.
 */
public final class AgentSolver implements Solver, AutoCloseable {
  /** An agent that prints more than this is stopped: memory and disk stay bounded. */
  public static final long MAX_TRANSCRIPT_BYTES = 64L << 20;

  private final AgentOptions options;
  private final Path outputDir;
  private final Map<String, String> environment;
  private final Secrets secrets;
  private final Verdicts verdicts;
  private final Map<String, Verdicts> verdictsByArm = new ConcurrentHashMap<>();
  private final Map<String, AgentCli> clis;
  private final Map<String, ConfigDirs> homes = new ConcurrentHashMap<>();
  private final WorkDirs workDirs;
  private volatile Map<String, String> knownVersions = Map.of();

  /** Every agent the harness knows. */
  public AgentSolver(AgentOptions options, Path outputDir, Map<String, String> environment) {
    this(options, outputDir, environment, AgentClis.all(), WorkDirs.in(options.repo()));
  }

  /** Every agent the harness knows, each run working where {@code workDirs} says. */
  public AgentSolver(
      AgentOptions options, Path outputDir, Map<String, String> environment, WorkDirs workDirs) {
    this(options, outputDir, environment, AgentClis.all(), workDirs);
  }

  public AgentSolver(
      AgentOptions options,
      Path outputDir,
      Map<String, String> environment,
      List<AgentCli> clis,
      WorkDirs workDirs) {
    this.workDirs = workDirs;
    this.options = options;
    this.outputDir = outputDir;
    this.environment = Map.copyOf(environment);
    this.secrets = Secrets.fromEnvironment(environment);
    this.verdicts = new Verdicts(secrets);
    Map<String, AgentCli> byName = new LinkedHashMap<>();
    clis.forEach(cli -> byName.put(cli.name(), cli));
    this.clis = Map.copyOf(byName);
    Spawn.link();
  }

  @Override
  public RunResult solve(Job job) {
    return solve(job, Slot.NONE);
  }

  /** One attempt at {@code job}, its result counting one attempt. */
  @Override
  public RunResult solve(Job job, Slot slot) {
    RunResult result = attempt(job, slot).result();
    return result.with(result.outcome().withAttempts(1));
  }

  /**
   * Runs {@code job} once, giving {@code slot} up as soon as the agent has ended: judging what it
   * wrote holds no place among the runs in flight. Whether another attempt may mend a failure is
   * said ({@link Attempt#failure()}); trying again is the scheduler's policy ({@code Retrying}).
   */
  @Override
  public Attempt attempt(Job job, Slot slot) {
    Path transcript = outputDir.resolve(job.transcriptName());
    long start = System.nanoTime();
    AgentCli cli = cli(job);
    Verdicts verdicts = verdictsOf(job);
    Secrets masked = verdicts.secrets();
    Ending ending;
    List<String> changed;
    try {
      FileTrees.directory(transcript.getParent());
      try (ConfigDirs.Lease home = homes(cli).acquire();
          WorkDirs.Lease work = workDirs.lease(job)) {
        // Waiting for the checkout (made again, or prepared for the arm's servers) is not the run.
        start = System.nanoTime();
        AgentCli.RunSetup setup = setup(job, home.path(), work.dir());
        FileTrees.directory(setup.tmp());
        AgentCli.Invocation invocation = cli.invocation(setup);
        ending =
            AgentProcess.run(
                new AgentProcess.Launch(
                    invocation.command(),
                    invocation.stdin(),
                    invocation.environment(),
                    work.dir(),
                    job.arm().usesMcp() || cli.sweepsEveryRun()),
                transcript,
                home.stderr(),
                new Limits(timeout(job), MAX_TRANSCRIPT_BYTES),
                masked);
        changed = work.changed();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Attempt.done(
          RunResult.cancelled(job, elapsedMs(start), "cancelled while waiting for its checkout"));
    } catch (WorkDirs.NotPrepared e) {
      return new Attempt(RunResult.invalid(job, e.getMessage()), Attempt.Transient.NONE);
    } catch (IOException e) {
      return new Attempt(
          verdicts.notRun(job, elapsedMs(start), "cannot run agent: " + e.getMessage()),
          Attempt.Transient.NONE);
    }
    long durationMs = elapsedMs(start);
    slot.release(); // the agent has ended, and its process tree with it
    AgentStream stream;
    try {
      stream = cli.read(transcript, context(job, ending, job.arm().model().or(options::model)));
    } catch (IOException e) {
      stream = AgentStream.NONE;
      ending = Ending.outputLost(ending, "cannot read transcript: " + e.getMessage());
    }
    keepTurns(transcript, cli, job, stream);
    RunResult judged = Unreachable.named(verdicts.judge(job, ending, stream, durationMs), cli);
    if (!changed.isEmpty() && judged.status() != RunStatus.CANCELLED) {
      return new Attempt(changedItsTree(judged, changed), Attempt.Transient.NONE);
    }
    return new Attempt(judged, Verdicts.transientFailure(ending, stream));
  }

  /**
   * Keeps the turns the adapter read beside the transcript, for the pages ({@link Turns}); the
   * transcript of a CLI that does not hand turns over is read by the pages as it is.
   */
  private void keepTurns(Path transcript, AgentCli cli, Job job, AgentStream stream) {
    Turns turns = stream.kept(cli.name(), job.arm().model().or(options::model).orElse(null));
    if (turns == null) {
      return;
    }
    if (turns.version() == null && knownVersions.containsKey(cli.name())) {
      // The CLI did not say; preflight asked it: every run page names the version.
      turns =
          new Turns(
              turns.agent(),
              turns.model(),
              knownVersions.get(cli.name()),
              turns.servers(),
              turns.turns());
    }
    try {
      turns.writeBeside(transcript);
    } catch (IOException e) {
      // The pages then say the run has no turns to show; the verdict does not rest on them.
    }
  }

  /**
   * A run that changed the tree it worked in is void: its answer may rest on what it wrote, and the
   * runs beside it saw another tree. The tree is made again before the next run uses it.
   */
  private static RunResult changedItsTree(RunResult result, List<String> changed) {
    int shown = Math.min(10, changed.size());
    String paths =
        String.join(", ", changed.subList(0, shown))
            + (changed.size() > shown ? " and " + (changed.size() - shown) + " more" : "");
    return result
        .with(
            new RunResult.Outcome(
                RunStatus.INVALID,
                result.durationMs(),
                result.outcome().exitCode(),
                result.outcome().attempts()))
        .with(
            new RunResult.Verdict(
                result.verdict().answer(),
                List.of(),
                "the run changed its checkout (restored before the next run): " + paths));
  }

  /**
   * The agents' versions as preflight asked them ({@code --version}), by agent name: the version a
   * run's kept turns name when its CLI printed none.
   */
  public void knownVersions(Map<String, String> versions) {
    this.knownVersions = Map.copyOf(versions);
  }

  /** The adapter of the job's agent. */
  private AgentCli cli(Job job) {
    String agent = job.arm().agent().agent();
    AgentCli cli = clis.get(agent);
    if (cli == null) {
      throw new IllegalStateException("no adapter for agent '" + agent + "'");
    }
    return cli;
  }

  /** The private homes of {@code cli}'s runs, made when its first run starts. */
  private ConfigDirs homes(AgentCli cli) {
    return this.homes.computeIfAbsent(
        cli.name(), name -> new ConfigDirs(name, cli.credentials(environment)));
  }

  /** What one run of {@code job} gets, its private home being {@code home}. */
  AgentCli.RunSetup setup(Job job, Path home) throws IOException {
    return setup(job, home, options.repo());
  }

  /**
   * What one run of {@code job} gets, working in {@code workDir}, its private home being {@code
   * home}, where its MCP config goes when the placeholders of the arm's are filled in (or its
   * servers' prepare steps left out).
   */
  AgentCli.RunSetup setup(Job job, Path home, Path workDir) throws IOException {
    AgentSpec agent = job.arm().agent();
    AgentCli cli = cli(job);
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(agent.env());
    Path tmp = home.resolve(ConfigDirs.TMP);
    Optional<McpConfig> mcp = job.arm().mcpConfig();
    // A server's prepare step is the harness's: the agent gets a copy of the file without it.
    if (mcp.isPresent() && (mcp.get().hasPlaceholders() || mcp.get().hasPrepare())) {
      mcp =
          Optional.of(
              mcp.get()
                  .filledIn(
                      Map.of(
                          "REPO",
                          workDir.toAbsolutePath().toString(),
                          "CASE_ID",
                          job.testCase().id()),
                      home.resolve("repo-search-eval-mcp.json")));
    }
    return new AgentCli.RunSetup(
        job.testCase().prompt(),
        mcp,
        options.binaries().of(cli, agent),
        agent.args(),
        env,
        workDir,
        home,
        tmp,
        job.arm().model().or(options::model),
        options.maxTurns(),
        options.maxCostPerRunUsd(),
        options.noTools());
  }

  /**
   * How a run of {@code job} would start, as {@code --dry-run} shows it: its private home a
   * temporary directory, removed again with whatever the adapter wrote there.
   */
  public AgentCli.Invocation dryRun(Job job) throws IOException {
    return rehearse(job).invocation();
  }

  /**
   * A run of {@code job} set up but not started: how it would start, where it would work, and what
   * the adapter wrote into its private home ({@code home}, a temporary directory removed again):
   * each directory, and each file with its content, by its path relative to the home.
   */
  public record Rehearsal(
      AgentCli.Invocation invocation,
      Path home,
      Path workDir,
      List<Path> directories,
      Map<Path, String> files) {}

  /**
   * Sets up a run of {@code job} as {@link #dryRun} does, keeping what it wrote ({@link
   * Rehearsal}).
   */
  public Rehearsal rehearse(Job job) throws IOException {
    Path home = Files.createTempDirectory(ConfigDirs.POOL_PREFIX + "dry-run-");
    try {
      AgentCli.RunSetup setup = setup(job, home);
      Files.createDirectories(setup.tmp());
      AgentCli.Invocation invocation = cli(job).invocation(setup);
      List<Path> directories = new java.util.ArrayList<>();
      Map<Path, String> files = new java.util.TreeMap<>();
      try (var walk = Files.walk(home)) {
        for (Path path : walk.sorted().toList()) {
          if (path.equals(home)) {
            continue;
          }
          if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            directories.add(home.relativize(path));
          } else if (Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            files.put(home.relativize(path), Files.readString(path));
          }
        }
      }
      return new Rehearsal(invocation, home, setup.workDir(), directories, files);
    } finally {
      FileTrees.delete(home);
    }
  }

  /**
   * Whether the agent of {@code job}'s arm can take the arm's MCP config in its own form: an {@link
   * InvalidInputException} naming the agent, the server and the field when it cannot, so {@code
   * validate}, {@code --dry-run} and {@code run} all stop with the same error before any agent
   * starts.
   */
  public void checkMcpTranslation(Job job) {
    try {
      dryRun(job);
    } catch (UnexpressibleMcpConfig e) {
      throw new InvalidInputException(e.describe(cli(job).displayName(), job.arm().name()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The command line of a run of {@code job}, as {@link #dryRun} has it. */
  public List<String> command(Job job) {
    try {
      return dryRun(job).command();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The verdicts of the job's arm, masking the user's secrets and the values of the arm's own
   * environment; made once per arm, not per run.
   */
  private Verdicts verdictsOf(Job job) {
    Map<String, String> env = job.arm().agent().env();
    return env.isEmpty()
        ? verdicts
        : verdictsByArm.computeIfAbsent(
            job.arm().name(), arm -> new Verdicts(secrets.with(env.values())));
  }

  private static AgentCli.StreamContext context(Job job, Ending ending, Optional<String> model) {
    List<String> servers = job.arm().mcpConfig().map(McpConfig::serverNames).orElse(List.of());
    String stderr = ending instanceof Ending.Started started ? started.stderrTail() : "";
    return new AgentCli.StreamContext(servers, stderr == null ? "" : stderr, model.orElse(null));
  }

  /**
   * No more jobs will start (a retry still may): each run's private home is removed as the run ends
   * instead of kept for the next, so few are left for {@link #close()}.
   */
  public void lastJobsStarted() {
    homes.values().forEach(ConfigDirs::lastRunsStarted);
  }

  /** Problems the runs could not report themselves: login tokens that could not be saved. */
  public List<String> warnings() {
    return homes.values().stream().flatMap(h -> h.warnings().stream()).distinct().toList();
  }

  @Override
  public void close() throws IOException {
    for (ConfigDirs home : homes.values()) {
      home.close();
    }
  }

  public Duration timeout(Job job) {
    return job.testCase().timeout().orElse(options.runTimeout());
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
