package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.agent.Workspace;
import org.reposearcheval.evals.checkout.Checkouts;
import org.reposearcheval.evals.checkout.PreparedCheckouts;
import org.reposearcheval.evals.judge.Judge;
import org.reposearcheval.evals.process.Leftovers;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.Budget;
import org.reposearcheval.evals.run.CostBudget;
import org.reposearcheval.evals.run.FailFast;
import org.reposearcheval.evals.run.History;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.JournalListener;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.transcript.LivePages;
import org.reposearcheval.evals.transcript.Prompts;
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
  private final RunTrees trees;

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
    this.trees = new RunTrees(settings, dir, environment);
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
    Plan plan = Plan.fresh(Plan.jobs(settings, input.suite()));
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
    warnings.addAll(Resumption.changedSince(manifest, input));
    Plan plan =
        Plan.resumed(
            Plan.jobs(settings, input.suite()),
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
    List<Path> privatePaths = trees.answersIn();
    List<String> warnings = new ArrayList<>(planWarnings);
    Checkouts checkouts;
    control.bind();
    try {
      checkouts = trees.checkOut(input, privatePaths, warnings, listener);
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
            () -> Reporting.manifest(settings, input, startedAt),
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
    try (Workspace workspace = trees.unpinnedWorkspace(input, trees.answersIn());
        Journal journal = Journal.open(dir);
        Budget budget = Budget.start(settings.policy().maxDuration(), control);
        PreparedCheckouts prepared = trees.prepared(checkouts, secrets, listener);
        AgentSolver agents =
            Solvers.agents(
                settings,
                dir,
                environment,
                workspace.dir(),
                input.trees().workDirs(checkouts, prepared, workspace.dir(), trees.answersIn()));
        Judge judge =
            Solvers.judge(
                settings,
                dir,
                environment,
                settings.suite().shard().select(input.suite().cases()),
                limit)) {
      agents.knownVersions(input.agentVersions());
      History history = PlanRuns.history(settings, dir);
      CostBudget money =
          settings
              .policy()
              .maxCostUsd()
              .map(max -> new CostBudget(max, history::expectedCostUsd))
              .orElse(null);
      Solver solver =
          Solvers.of(agents, Solvers.retries(settings, limit), dir, control, money, judge);
      JournalListener journaling = new JournalListener(journal, () -> RunRecords.await(recorded));
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
            PlanRuns.run(
                settings,
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
    Report report =
        Reporting.write(
            settings,
            dir,
            input,
            new Reporting.Ran(startedAt, wallMs, plan.results(fresh), hidden, preparations),
            recorded,
            pages);
    return new Outcome(report, dir, control.reason(), warnings);
  }

  /** {@code --dry-run}: every planned run as it would be started ({@link DryRunLines}). */
  public static List<String> commandLines(
      EvalSettings settings, Path outputDir, Map<String, String> environment) {
    return DryRunLines.of(settings, outputDir, environment);
  }
}
