package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
  private final RunSetups setups;
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
    this.setups = new RunSetups(options, this.environment, clis);
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
    AgentCli cli = setups.cli(job);
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
      stream =
          cli.read(
              transcript, RunSetups.context(job, ending, job.arm().model().or(options::model)));
    } catch (IOException e) {
      stream = AgentStream.NONE;
      ending = Ending.outputLost(ending, "cannot read transcript: " + e.getMessage());
    }
    keepTurns(transcript, cli, job, stream);
    RunResult judged = Unreachable.named(verdicts.judge(job, ending, stream, durationMs), cli);
    if (!changed.isEmpty() && judged.status() != RunStatus.CANCELLED) {
      return new Attempt(WorkDirs.voided(judged, changed), Attempt.Transient.NONE);
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
   * The agents' versions as preflight asked them ({@code --version}), by agent name: the version a
   * run's kept turns name when its CLI printed none.
   */
  public void knownVersions(Map<String, String> versions) {
    this.knownVersions = Map.copyOf(versions);
  }

  /** The private homes of {@code cli}'s runs, made when its first run starts. */
  private ConfigDirs homes(AgentCli cli) {
    return this.homes.computeIfAbsent(
        cli.name(), name -> new ConfigDirs(name, cli.credentials(environment)));
  }

  /** What one run of {@code job} gets, its private home being {@code home}. */
  AgentCli.RunSetup setup(Job job, Path home) throws IOException {
    return setups.setup(job, home, options.repo());
  }

  /** What one run of {@code job} gets, working in {@code workDir}. */
  AgentCli.RunSetup setup(Job job, Path home, Path workDir) throws IOException {
    return setups.setup(job, home, workDir);
  }

  /**
   * How a run of {@code job} would start, as {@code --dry-run} shows it: its private home a
   * temporary directory, removed again with whatever the adapter wrote there.
   */
  public AgentCli.Invocation dryRun(Job job) throws IOException {
    return rehearse(job).invocation();
  }

  /** Sets up a run of {@code job} as {@link #dryRun} does, keeping what it wrote. */
  public Rehearsal rehearse(Job job) throws IOException {
    return Rehearsal.of(setups, job, options.repo());
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
      throw new InvalidInputException(e.describe(setups.cli(job).displayName(), job.arm().name()));
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
