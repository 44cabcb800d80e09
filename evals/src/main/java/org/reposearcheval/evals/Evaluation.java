package org.reposearcheval.evals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentClis;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.agent.WorkDirs;
import org.reposearcheval.evals.agent.Workspace;
import org.reposearcheval.evals.checkout.AnswerKeys;
import org.reposearcheval.evals.checkout.Checkouts;
import org.reposearcheval.evals.checkout.PreparedCheckouts;
import org.reposearcheval.evals.checkout.RepoCache;
import org.reposearcheval.evals.judge.Judge;
import org.reposearcheval.evals.judge.JudgingSolver;
import org.reposearcheval.evals.process.Leftovers;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.AutoRuns;
import org.reposearcheval.evals.run.Budget;
import org.reposearcheval.evals.run.CostBudget;
import org.reposearcheval.evals.run.FailFast;
import org.reposearcheval.evals.run.History;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.JournalListener;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.run.Retries;
import org.reposearcheval.evals.run.Retrying;
import org.reposearcheval.evals.run.Rounds;
import org.reposearcheval.evals.run.RunAll;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.run.StartGate;
import org.reposearcheval.evals.run.StartOrder;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.CaseTree;
import org.reposearcheval.evals.transcript.LivePages;
import org.reposearcheval.evals.transcript.Prompts;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Secrets;

/**
 * One evaluation from start to end: check the input, plan the jobs, run them all, write the report
 * into the run directory. Bad input is an {@link InvalidInputException} before anything runs.
 */
public final class Evaluation {
  /**
   * What the evaluation produced. {@code stopReason} is null when it ran to the end, {@link
   * RunControl#INTERRUPTED} after Ctrl-C, or says which guard stopped it; {@code warnings} are for
   * the user (a torn journal line that was dropped, say).
   */
  public record Outcome(Report report, Path outputDir, String stopReason, List<String> warnings) {
    public boolean interrupted() {
      return RunControl.INTERRUPTED.equals(stopReason);
    }
  }

  private final EvalSettings settings;
  private final Path dir;
  private final Map<String, String> environment;

  /** The prepare steps a resumed run's earlier harnesses ran. */
  private final List<Preparation> earlierPreparations;

  private Evaluation(EvalSettings settings, Path dir, Map<String, String> environment) {
    this(settings, dir, environment, List.of());
  }

  private Evaluation(
      EvalSettings settings,
      Path dir,
      Map<String, String> environment,
      List<Preparation> earlierPreparations) {
    this.settings = settings;
    this.dir = dir;
    this.environment = environment;
    this.earlierPreparations = earlierPreparations;
  }

  /** Runs a new evaluation into {@code outputDir}, which must not hold a run yet. */
  public static Outcome run(
      EvalSettings settings,
      Path outputDir,
      Map<String, String> environment,
      RunListener listener,
      RunControl control)
      throws IOException {
    Preflight.Checked checked = Preflight.suite(settings);
    McpTranslations.check(settings, checked.cases(), checked.arms(), environment);
    Preflight.Input input = Preflight.check(settings, environment);
    Preflight.freshOutput(outputDir);
    Plan plan = Plan.fresh(jobs(settings, input.suite()));
    return new Evaluation(settings, outputDir, environment)
        .execute(input, plan, List.of(), listener, control);
  }

  /**
   * Continues the run recorded in {@code dir} with its recorded settings ({@code parallel} may
   * differ; 0 keeps the recorded one). Runs already in the journal are kept and not started again,
   * unless their case changed since.
   */
  public static Outcome resume(
      Path dir,
      int parallel,
      Map<String, String> environment,
      RunListener listener,
      RunControl control)
      throws IOException {
    return resume(dir, parallel, Optional.empty(), environment, listener, control);
  }

  /**
   * {@link #resume} with a money budget of its own ({@code --resume DIR --max-cost USD}; empty
   * keeps the recorded one): the runs a smaller budget left out are the ones run.
   */
  public static Outcome resume(
      Path dir,
      int parallel,
      Optional<Double> maxCostUsd,
      Map<String, String> environment,
      RunListener listener,
      RunControl control)
      throws IOException {
    RunManifest manifest = RunManifest.read(dir);
    EvalSettings settings =
        parallel > 0 ? manifest.settings().withParallel(parallel) : manifest.settings();
    if (maxCostUsd.isPresent()) {
      settings = settings.withMaxCost(maxCostUsd.get());
    }
    settings = settings.withAgentEnvironment(environment);
    Preflight.Checked checked = Preflight.suite(settings);
    McpTranslations.check(settings, checked.cases(), checked.arms(), environment);
    Preflight.Input input = Preflight.check(settings, environment);
    Journal.Contents journal = Journal.read(dir);
    List<String> warnings = new ArrayList<>(journal.warnings());
    input
        .agentVersions()
        .forEach(
            (agent, now) -> {
              String then = manifest.agentVersions().get(agent);
              if (then != null && !then.equals(now)) {
                warnings.add(
                    AgentClis.named(agent).map(AgentCli::displayName).orElse(agent)
                        + " is "
                        + now
                        + " now but was "
                        + then
                        + " when the run started: kept and new results come from different"
                        + " versions");
              }
            });
    Map<String, CaseTree> treesNow = input.trees().byCase();
    manifest
        .caseTrees()
        .forEach(
            (caseId, then) -> {
              CaseTree now = treesNow.get(caseId);
              if (now != null
                  && then.pinned()
                  && now.pinned()
                  && Objects.equals(then.ref(), now.ref())
                  && !then.commit().equals(now.commit())) {
                warnings.add(
                    "case "
                        + caseId
                        + ": "
                        + then.ref()
                        + " of "
                        + now.repo()
                        + " was "
                        + then.commit()
                        + " when the run started and is "
                        + now.commit()
                        + " now (the tag moved): the case runs again at the new commit");
              }
            });
    Plan plan =
        Plan.resumed(
            jobs(settings, input.suite()),
            journal.results(),
            manifest.caseFingerprints(),
            RunManifest.fingerprints(input.suite().cases()));
    return new Evaluation(settings, dir, environment, manifest.preparations())
        .execute(input, plan, warnings, listener, control);
  }

  private Outcome execute(
      Preflight.Input input,
      Plan plan,
      List<String> planWarnings,
      RunListener listener,
      RunControl control)
      throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    // What a harness that was killed left running (its sentinel killed too), found beside the
    // checkouts.
    CompletableFuture<Integer> orphans =
        CompletableFuture.supplyAsync(
            Leftovers::killOrphans, task -> Thread.ofVirtual().name("orphans").start(task));
    Secrets secrets = Secrets.fromEnvironment(environment);
    List<Path> privatePaths = answersIn();
    List<String> warnings = new ArrayList<>(planWarnings);
    Checkouts checkouts;
    control.bind();
    try {
      checkouts = checkOut(input, privatePaths, warnings, listener);
    } catch (InterruptedException e) {
      checkouts = null;
    } finally {
      control.unbind();
      Thread.interrupted();
    }
    if (checkouts == null) {
      // Stopped while the trees were made: nothing ran, every run is reported cancelled.
      checkouts = Checkouts.none();
    }
    int killed = orphans.join();
    if (killed > 0) {
      warnings.add(
          "killed "
              + killed
              + (killed == 1 ? " process" : " processes")
              + " left running by a harness that had been killed (kill -9, out of memory) before"
              + " this one started");
    }
    try (Checkouts trees = checkouts) {
      return execute(input, plan, warnings, listener, control, startedAt, start, secrets, trees);
    }
  }

  /**
   * The checkouts of the pinned cases (and an empty directory for an arm without the repository),
   * their answer keys checked: with {@code --strict} a key its tree does not hold stops the run,
   * else it is a warning.
   */
  private Checkouts checkOut(
      Preflight.Input input, List<Path> privatePaths, List<String> warnings, RunListener listener)
      throws IOException, InterruptedException {
    List<org.reposearcheval.evals.suite.TestCase> cases =
        settings.suite().shard().select(input.suite().cases());
    input.trees().requirePinnedFor(input.suite().arms(), cases);
    Checkouts checkouts =
        input.trees().checkOut(settings, cases, privatePaths, environment, listener);
    try {
      List<AnswerKeys.Missing> missing = input.trees().missingKeys(checkouts, cases, privatePaths);
      if (!missing.isEmpty()) {
        String message =
            missing.size()
                + " answer keys are not in their cases' trees (list a key the answer derives"
                + " in the case's \"derived\"):"
                + CaseTrees.describe(missing);
        if (settings.suite().strict()) {
          throw new InvalidInputException(message);
        }
        warnings.add(message);
      }
      return checkouts;
    } catch (IOException | RuntimeException e) {
      checkouts.close();
      throw e;
    }
  }

  private Outcome execute(
      Preflight.Input input,
      Plan plan,
      List<String> warnings,
      RunListener listener,
      RunControl control,
      Instant startedAt,
      long start,
      Secrets secrets,
      Checkouts checkouts)
      throws IOException {
    CompletableFuture<Void> recorded =
        RunRecords.writeAside(
            dir,
            () ->
                RunManifest.of(
                    settings,
                    input.agentVersions(),
                    input.suite().cases(),
                    startedAt.toString(),
                    input.trees().byCase(),
                    input.mcpManifest()),
            input.suite().cases(),
            secrets);
    Resumption.rewriteJournal(dir, plan.kept());
    LivePages pages =
        new LivePages(
            dir,
            settings.schedule().autoRuns()
                ? plan.todo().stream().filter(job -> job.run() == 1).toList()
                : plan.todo(),
            input.suite().arms().stream().map(Arm::name).toList(),
            () -> Prompts.of(input.suite().cases(), secrets));

    List<RunResult> fresh;
    List<String> hidden;
    List<Preparation> preparations = new ArrayList<>(earlierPreparations);
    AdaptiveLimit limit = new AdaptiveLimit(settings.schedule().parallel());
    try (Workspace workspace = unpinnedWorkspace(input, privatePathsOf());
        Journal journal = Journal.open(dir);
        Budget budget = Budget.start(settings.policy().maxDuration(), control);
        PreparedCheckouts prepared = prepared(checkouts, secrets, listener);
        AgentSolver agents =
            solver(
                workspace.dir(),
                input.trees().workDirs(checkouts, prepared, workspace.dir(), privatePathsOf()));
        Judge judge = judge(input.suite(), limit)) {
      agents.knownVersions(input.agentVersions());
      History history = history();
      CostBudget money =
          settings
              .policy()
              .maxCostUsd()
              .map(max -> new CostBudget(max, history::expectedCostUsd))
              .orElse(null);
      // Once stopped, a job that gets its permit before the cancellation reaches it never starts;
      // nor does one the money budget has no room for.
      Solver armsSolver = new StartGate(new Retrying(agents, retries(limit), dir), control, money);
      Solver solver = judge == null ? armsSolver : new JudgingSolver(armsSolver, judge);
      JournalListener journaling = new JournalListener(journal);
      RunListener listeners =
          RunListener.all(
              journaling,
              settings.policy().failFast() ? new FailFast(control) : RunListener.NONE,
              listener,
              pages,
              RunListener.onLastStarted(agents::lastJobsStarted),
              money != null ? money : RunListener.NONE);
      control.bind();
      try {
        fresh =
            runJobs(
                plan,
                history,
                limit,
                solver,
                listeners,
                () -> control.reason() != null || (money != null && money.refused()));
      } finally {
        control.unbind();
        Thread.interrupted();
      }
      hidden = new ArrayList<>(workspace.hidden());
      checkouts.all().keySet().stream()
          .flatMap(t -> t.hidden().stream())
          .filter(h -> !hidden.contains(h))
          .forEach(hidden::add);
      journaling.failure().ifPresent(warnings::add);
      warnings.addAll(agents.warnings());
      preparations.addAll(prepared.preparations());
    }
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    Report.Config config =
        RunReport.config(
            settings,
            input.suite().arms().stream()
                .map(
                    arm ->
                        Report.ArmConfig.of(arm)
                            .withMcpManifest(input.mcpManifest().get(arm.name())))
                .toList(),
            input.agentVersions(),
            hidden,
            input.trees().byCase());
    RunRecords.await(recorded);
    if (!preparations.isEmpty()) {
      RunManifest.of(
              settings,
              input.agentVersions(),
              input.suite().cases(),
              startedAt.toString(),
              input.trees().byCase(),
              input.mcpManifest())
          .withPreparations(preparations)
          .write(dir);
    }
    Report report =
        RunReport.of(
            config,
            RunManifest.fingerprints(input.suite().cases()),
            startedAt,
            Instant.now(),
            wallMs,
            plan.results(fresh),
            preparations);
    ReportWriter.write(report, dir, () -> pages.finish(report.rawResults()));
    return new Outcome(report, dir, control.reason(), warnings);
  }

  /**
   * Runs what the plan has still to do through {@link RunAll}: at once, or under {@code --runs
   * auto} round after round ({@link AutoRuns}), each round started longest first, until {@code
   * stopped}.
   */
  private List<RunResult> runJobs(
      Plan plan,
      History history,
      AdaptiveLimit limit,
      Solver solver,
      RunListener listeners,
      java.util.function.BooleanSupplier stopped) {
    if (!settings.schedule().autoRuns()) {
      return RunAll.run(plan.todo(), startOrder(plan.todo(), history), limit, solver, listeners);
    }
    int max = settings.schedule().runs();
    int[] roundsRun = {0};
    return AutoRuns.run(
        plan.jobs(),
        plan.kept(),
        max,
        stopped,
        (jobs, round) ->
            RunAll.run(
                jobs,
                startOrder(jobs, history),
                limit,
                solver,
                Rounds.listener(listeners, round, roundsRun[0]++ == 0, max)));
  }

  /** Longest first by {@code history}'s durations, else the plan's order. */
  private static int[] startOrder(List<Job> jobs, History history) {
    return history.dir() == null
        ? StartOrder.planned(jobs.size())
        : StartOrder.longestFirst(jobs, history::expectedMs);
  }

  /**
   * The run {@code --history} names (the latest run beside this one by default on the command
   * line): its durations order the starts, longest first, and its costs are what {@code --max-cost}
   * expects of each run. None without one.
   */
  private History history() throws IOException {
    String history = settings.schedule().history();
    if (history == null || history.equals(History.NONE)) {
      return History.none();
    }
    Optional<Path> from =
        history.equals(EvalSettings.Schedule.HISTORY_LATEST)
            ? History.latest(dir.toAbsolutePath().getParent(), dir)
            : Optional.of(Path.of(history));
    return from.isEmpty() ? History.none() : History.read(from.get());
  }

  /**
   * {@code --dry-run}: every planned run as it would be started in {@code outputDir}, secrets
   * masked, as a shell script that repeats it by hand ({@link DryRunScript}): its private home with
   * the files the agent's adapter writes there, the environment the harness sets, and the command
   * fed its prompt on stdin as the harness does ({@code printf %s '<prompt>' | claude ...}).
   * Nothing is started, not even {@code claude --version}.
   */
  public static List<String> commandLines(
      EvalSettings settings, Path outputDir, Map<String, String> environment) {
    Preflight.Checked suite = Preflight.suite(settings);
    McpTranslations.check(settings, suite.cases(), suite.arms(), environment);
    Evaluation evaluation = new Evaluation(settings, outputDir, environment);
    AgentSolver solver =
        new AgentSolver(evaluation.agent(settings.agent().repo()), outputDir, environment);
    Secrets secrets = Secrets.fromEnvironment(environment);
    List<String> lines = new ArrayList<>();
    for (Job job : jobs(settings, suite)) {
      if (settings.schedule().autoRuns() && job.run() > 1) {
        continue; // further runs depend on the first runs' results
      }
      AgentSolver.Rehearsal run = rehearse(solver, job);
      List<String> script = new ArrayList<>();
      script.add(
          String.format(
              "# %d %s (timeout %s; the prompt goes on stdin)",
              job.index(), job, Durations.canonical(solver.timeout(job))));
      script.addAll(DryRunScript.lines(run, environment));
      lines.add(secrets.with(job.arm().agent().env().values()).mask(String.join("\n", script)));
      if (job.testCase().expect().judged().asked()) {
        lines.add(DryRunScript.judgeLine(settings, environment, job, secrets));
      }
    }
    return lines;
  }

  private static AgentSolver.Rehearsal rehearse(AgentSolver solver, Job job) {
    try {
      return solver.rehearse(job);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This run's share of the suite's jobs. */
  private static List<Job> jobs(EvalSettings settings, Preflight.Checked suite) {
    return Plan.jobs(
        settings.suite().shard().select(suite.cases()), suite.arms(), settings.schedule().runs());
  }

  /**
   * The checkouts prepared for MCP servers with a prepare step: their output in {@code prepare/} of
   * the run directory, each kept in the clone cache for the next run that needs it.
   */
  private PreparedCheckouts prepared(Checkouts checkouts, Secrets secrets, RunListener listener) {
    return new PreparedCheckouts(
        checkouts,
        CaseTrees.cache(settings, environment),
        new PreparedCheckouts.Settings(
            settings.prepare().prepareTimeout(),
            settings.prepare().noPrepareCache(),
            Optional.of(
                settings.agent().repoCache().orElseGet(() -> RepoCache.defaultDir(environment))),
            dir.resolve("prepare")),
        environment,
        secrets,
        listener::prepared);
  }

  /** How each agent run is started, working in {@code workDir}. */
  private AgentOptions agent(Path workDir) {
    EvalSettings.PerRun perRun = settings.perRun();
    return new AgentOptions(
        settings.agent().binaries(),
        workDir,
        perRun.model(),
        perRun.maxTurns(),
        perRun.timeout(),
        perRun.maxCostPerRunUsd(),
        false);
  }

  private AgentSolver solver(Path workspace, WorkDirs workDirs) {
    return new AgentSolver(agent(workspace), dir, environment, workDirs);
  }

  private Retries retries(AdaptiveLimit limit) {
    return retries(settings, limit);
  }

  /**
   * Extra attempts for transient failures, as {@code --retries} says, pushed back on {@code limit}.
   */
  static Retries retries(EvalSettings settings, AdaptiveLimit limit) {
    return new Retries(
        settings.policy().retries(),
        Duration.ofSeconds(2),
        limit,
        new MemoryFloor(settings.policy().minFreeMemoryBytes()));
  }

  /** The judge, when a case of this run asks for a judged answer; null otherwise. */
  private Judge judge(Preflight.Checked suite, AdaptiveLimit limit) throws IOException {
    boolean asked =
        settings.suite().shard().select(suite.cases()).stream()
            .anyMatch(c -> c.expect().judged().asked());
    return asked
        ? Judge.open(
            Judges.settings(settings),
            dir,
            environment,
            retries(limit),
            settings.agent().binaries())
        : null;
  }

  /**
   * {@code --repo}, or its copy without the answers, for the unpinned cases; when every case is
   * pinned, no copy is made (the repository is then only where the agents' versions are asked).
   */
  private Workspace unpinnedWorkspace(Preflight.Input input, List<Path> privatePaths)
      throws IOException {
    boolean anyUnpinned = input.trees().byCase().values().stream().anyMatch(t -> !t.pinned());
    return anyUnpinned
        ? Workspace.prepare(settings.agent().repo(), privatePaths)
        : Workspace.prepare(settings.agent().repo(), List.of());
  }

  private List<Path> privatePathsOf() {
    return answersIn();
  }

  /**
   * Places whose files give the answers away: the cases, this run's output and, in the default
   * layout, earlier runs' output beside it in {@code eval-results}.
   */
  private List<Path> answersIn() {
    Path output = dir.toAbsolutePath().normalize();
    List<Path> paths = new ArrayList<>(List.of(settings.suite().casesDir(), output));
    Path parent = output.getParent();
    if (parent != null
        && parent.getFileName() != null
        && parent.getFileName().toString().equals("eval-results")) {
      paths.add(parent);
    }
    return paths;
  }
}
