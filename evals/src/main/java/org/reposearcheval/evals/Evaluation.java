package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.ClaudeCodeSolver;
import org.reposearcheval.evals.agent.Workspace;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.Budget;
import org.reposearcheval.evals.run.FailFast;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.JournalListener;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.run.RunAll;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.score.Adoption;
import org.reposearcheval.evals.score.Statistics;
import org.reposearcheval.evals.score.Summaries;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.CaseLoader;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.suite.Variants;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Secrets;

/**
 * One evaluation from start to end: check the input, plan the jobs, run them all, write the report.
 * Bad input is an {@link InvalidInputException} before anything runs.
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

  /** The checked input: cases in id order, the arms they run in, and the agent's version. */
  public record Input(List<TestCase> cases, List<Arm> arms, String claudeCodeVersion) {}

  private Evaluation() {}

  /**
   * Loads and checks the cases (only those with one of {@code tags}, when any are given) and the
   * arms: the named variants when a variants file is given, else the modes, with the MCP config
   * when the with-MCP mode runs.
   */
  public static Input check(
      Path casesDir,
      Path mcpConfigFile,
      Optional<Path> variantsFile,
      List<String> modes,
      Set<String> tags) {
    List<TestCase> cases = CaseLoader.load(casesDir);
    if (!tags.isEmpty()) {
      cases = cases.stream().filter(c -> c.tags().stream().anyMatch(tags::contains)).toList();
      if (cases.isEmpty()) {
        throw new InvalidInputException(
            casesDir + ": no case has any of the tags " + String.join(", ", tags));
      }
    }
    if (variantsFile.isPresent()) {
      return new Input(cases, Variants.load(variantsFile.get()).arms(), null);
    }
    List<Arm> arms = new ArrayList<>();
    for (String mode : modes) {
      arms.add(
          switch (mode) {
            case Arm.WITH_MCP -> Arm.withMcp(McpConfig.load(mcpConfigFile));
            case Arm.WITHOUT_MCP -> Arm.withoutMcp();
            default -> throw new InvalidInputException("unknown mode '" + mode + "'");
          });
    }
    return new Input(cases, arms, null);
  }

  /** Jobs in index order: cases by id, then repetitions, then arms in the given order. */
  public static List<Job> plan(List<TestCase> cases, List<Arm> arms, int runs) {
    List<Job> jobs = new ArrayList<>();
    for (TestCase testCase : cases) {
      for (int run = 1; run <= runs; run++) {
        for (Arm arm : arms) {
          jobs.add(new Job(jobs.size(), testCase, arm, run));
        }
      }
    }
    return jobs;
  }

  /** Runs a new evaluation into {@code settings.outputDir()}, which must not hold a run yet. */
  public static Outcome run(
      EvalSettings settings,
      Map<String, String> environment,
      RunListener listener,
      RunControl control)
      throws IOException {
    Input input = Preflight.check(settings, environment);
    Preflight.freshOutput(settings.outputDir());
    return execute(
        settings,
        input,
        environment,
        listener,
        control,
        new Journal.Contents(List.of(), List.of()),
        Map.of());
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
    RunManifest manifest = RunManifest.read(dir);
    EvalSettings settings =
        manifest
            .settings()
            .toEvalSettings(dir, parallel > 0 ? parallel : manifest.settings().parallel());
    Input input = Preflight.check(settings, environment);
    Journal.Contents journal = Journal.read(dir);
    List<String> warnings = new ArrayList<>(journal.warnings());
    if (!Objects.equals(manifest.claudeCodeVersion(), input.claudeCodeVersion())) {
      warnings.add(
          "Claude Code is "
              + input.claudeCodeVersion()
              + " now but was "
              + manifest.claudeCodeVersion()
              + " when the run started: kept and new results come from different versions");
    }
    return execute(
        settings,
        input,
        environment,
        listener,
        control,
        new Journal.Contents(journal.results(), warnings),
        manifest.caseFingerprints());
  }

  private static Outcome execute(
      EvalSettings settings,
      Input input,
      Map<String, String> environment,
      RunListener listener,
      RunControl control,
      Journal.Contents journaled,
      Map<String, String> recordedFingerprints)
      throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    List<Job> jobs = plan(settings.shard().select(input.cases()), input.arms(), settings.runs());
    RunManifest manifest =
        RunManifest.of(settings, input.claudeCodeVersion(), input.cases(), startedAt.toString());
    List<RunResult> kept =
        Resumption.keep(
            jobs, journaled.results(), recordedFingerprints, manifest.caseFingerprints());
    manifest.write(settings.outputDir());
    Resumption.rewriteJournal(settings.outputDir(), kept);
    List<Job> todo = Resumption.remaining(jobs, kept);

    List<RunResult> fresh;
    List<String> hidden;
    List<String> warnings = new ArrayList<>(journaled.warnings());
    AdaptiveLimit limit = new AdaptiveLimit(settings.parallel());
    try (Workspace workspace = Workspace.prepare(settings.repo(), answersIn(settings));
        Journal journal = Journal.open(settings.outputDir());
        Budget budget = Budget.start(settings.policy().maxDuration(), control);
        ClaudeCodeSolver agents = solver(settings, environment, workspace.dir(), limit)) {
      // Once stopped, a job that gets its permit before the cancellation reaches it never starts.
      Solver solver =
          job ->
              control.reason() != null
                  ? RunResult.cancelled(job, 0, "not started: " + control.reason())
                  : agents.solve(job);
      JournalListener journaling = new JournalListener(journal);
      RunListener listeners =
          RunListener.all(
              journaling,
              settings.policy().failFast() ? new FailFast(control) : RunListener.NONE,
              listener);
      control.bind();
      try {
        fresh = RunAll.run(todo, limit, solver, listeners);
      } finally {
        control.unbind();
        Thread.interrupted();
      }
      hidden = workspace.hidden();
      journaling.failure().ifPresent(warnings::add);
      warnings.addAll(agents.warnings());
    }
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    List<RunResult> results = Resumption.merge(jobs, kept, fresh);
    Report report = assemble(settings, input, hidden, startedAt, Instant.now(), wallMs, results);
    ReportWriter.write(report, settings.outputDir());
    return new Outcome(report, settings.outputDir(), control.reason(), warnings);
  }

  /**
   * {@code --dry-run}: the command line of every planned run as it would be started, secrets
   * masked, fed its prompt on stdin as the harness does ({@code printf %s '<prompt>' | claude
   * ...}). Nothing is started, not even {@code claude --version}.
   */
  public static List<String> commandLines(EvalSettings settings, Map<String, String> environment) {
    Input input =
        check(
            settings.casesDir(),
            settings.mcpConfigFile(),
            settings.variantsFile(),
            settings.modes(),
            settings.tags());
    ClaudeCodeSolver solver =
        new ClaudeCodeSolver(
            new AgentOptions(
                settings.claude(),
                settings.repo(),
                settings.model(),
                settings.maxTurns(),
                settings.runTimeout()),
            settings.outputDir(),
            environment);
    Secrets secrets = Secrets.fromEnvironment(environment);
    List<String> lines = new ArrayList<>();
    for (Job job : plan(settings.shard().select(input.cases()), input.arms(), settings.runs())) {
      String command =
          "printf %s "
              + shellQuote(job.testCase().prompt())
              + " | "
              + solver.command(job).stream()
                  .map(Evaluation::shellQuote)
                  .collect(Collectors.joining(" "));
      lines.add(
          String.format(
              "# %d %s (timeout %s; the prompt goes on stdin)%n%s",
              job.index(), job, Durations.canonical(solver.timeout(job)), secrets.mask(command)));
    }
    return lines;
  }

  private static String shellQuote(String arg) {
    return arg.matches("[A-Za-z0-9_./:=@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }

  private static ClaudeCodeSolver solver(
      EvalSettings settings, Map<String, String> environment, Path workspace, AdaptiveLimit limit) {
    AgentOptions agent =
        new AgentOptions(
            settings.claude(),
            workspace,
            settings.model(),
            settings.maxTurns(),
            settings.runTimeout());
    ClaudeCodeSolver.Retries retries =
        new ClaudeCodeSolver.Retries(
            settings.policy().retries(),
            Duration.ofSeconds(2),
            limit,
            new MemoryFloor(settings.policy().minFreeMemoryBytes()));
    return new ClaudeCodeSolver(agent, settings.outputDir(), environment, retries);
  }

  /**
   * Places whose files give the answers away: the cases, this run's output and, in the default
   * layout, earlier runs' output beside it in {@code eval-results}.
   */
  private static List<Path> answersIn(EvalSettings settings) {
    Path output = settings.outputDir().toAbsolutePath().normalize();
    List<Path> paths = new ArrayList<>(List.of(settings.casesDir(), output));
    Path parent = output.getParent();
    if (parent != null
        && parent.getFileName() != null
        && parent.getFileName().toString().equals("eval-results")) {
      paths.add(parent);
    }
    return paths;
  }

  static Report assemble(
      EvalSettings settings,
      Input input,
      List<String> hiddenFromAgent,
      Instant startedAt,
      Instant finishedAt,
      long wallMs,
      List<RunResult> results) {
    long sumRunMs = results.stream().mapToLong(RunResult::durationMs).sum();
    Report.Config config =
        new Report.Config(
            Math.max(1, settings.parallel()),
            settings.runs(),
            input.arms().stream().map(Report.ArmConfig::of).toList(),
            settings.tags().stream().sorted().toList(),
            settings.shard().toString(),
            Durations.canonical(settings.runTimeout()),
            settings.model().orElse(null),
            settings.maxTurns().orElse(null),
            settings.claude(),
            input.claudeCodeVersion(),
            settings.casesDir().toAbsolutePath().normalize().toString(),
            settings.repo().toAbsolutePath().normalize().toString(),
            hiddenFromAgent);
    return new Report(
        Report.SCHEMA_VERSION,
        startedAt.truncatedTo(ChronoUnit.MILLIS).toString(),
        finishedAt.truncatedTo(ChronoUnit.MILLIS).toString(),
        config,
        results,
        Summaries.of(results, input.arms().stream().map(Arm::label).toList()),
        Statistics.of(results, input.arms().stream().map(Arm::label).toList()),
        new Report.Timing(
            wallMs,
            sumRunMs,
            wallMs == 0 ? 0 : Math.round(100.0 * sumRunMs / wallMs) / 100.0,
            Math.max(1, settings.parallel())),
        Adoption.of(results, config.armsWithMcp()));
  }
}
