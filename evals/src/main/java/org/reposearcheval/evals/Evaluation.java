package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One evaluation from start to end: check the input, plan the jobs, run them all, write the report.
 * Bad input is an {@link InvalidInputException} before anything runs.
 */
public final class Evaluation {
  private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

  /** What the evaluation produced; {@code interrupted} when it was stopped before the end. */
  public record Outcome(Report report, Path outputDir, boolean interrupted) {}

  /** The checked input: cases in id order, and the arms they run in, in order. */
  public record Input(List<TestCase> cases, List<Arm> arms) {}

  private Evaluation() {}

  /**
   * Loads and checks the cases (only those with one of {@code tags}, when any are given) and, when
   * the with-MCP mode runs, the MCP config.
   */
  public static Input check(
      Path casesDir, Path mcpConfigFile, List<String> modes, Set<String> tags) {
    List<TestCase> cases = CaseLoader.load(casesDir);
    if (!tags.isEmpty()) {
      cases = cases.stream().filter(c -> c.tags().stream().anyMatch(tags::contains)).toList();
      if (cases.isEmpty()) {
        throw new InvalidInputException(
            casesDir + ": no case has any of the tags " + String.join(", ", tags));
      }
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
    return new Input(cases, arms);
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

  public static Outcome run(
      EvalSettings settings, Map<String, String> environment, RunListener listener)
      throws IOException {
    Input input =
        check(settings.casesDir(), settings.mcpConfigFile(), settings.modes(), settings.tags());
    if (!Files.isDirectory(settings.repo())) {
      throw new InvalidInputException(settings.repo() + ": repository directory does not exist");
    }
    String version = claudeVersion(settings.claude(), settings.repo(), environment);
    prepareOutput(settings.outputDir());
    List<Job> jobs = plan(input.cases(), input.arms(), settings.runs());
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    List<RunResult> results;
    List<String> hidden;
    try (Workspace workspace = Workspace.prepare(settings.repo(), answersIn(settings))) {
      AgentOptions agent =
          new AgentOptions(
              settings.claude(),
              workspace.dir(),
              settings.model(),
              settings.maxTurns(),
              settings.runTimeout());
      Solver solver = new ClaudeCodeSolver(agent, settings.outputDir(), environment);
      results = RunAll.run(jobs, settings.parallel(), solver, listener);
      hidden = workspace.hidden();
    }
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    boolean interrupted = Thread.interrupted();

    Report report =
        assemble(settings, input, version, hidden, startedAt, Instant.now(), wallMs, results);
    ReportWriter.write(report, settings.outputDir());
    return new Outcome(report, settings.outputDir(), interrupted);
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
      String claudeCodeVersion,
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
            Durations.canonical(settings.runTimeout()),
            settings.model().orElse(null),
            settings.maxTurns().orElse(null),
            settings.claude(),
            claudeCodeVersion,
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
        new Report.Timing(
            wallMs,
            sumRunMs,
            wallMs == 0 ? 0 : Math.round(100.0 * sumRunMs / wallMs) / 100.0,
            Math.max(1, settings.parallel())));
  }

  /** A fresh run directory: never one that already holds a run, whose results would mix. */
  static void prepareOutput(Path dir) {
    if (Files.exists(dir.resolve(ReportWriter.JSON)) || Files.exists(dir.resolve("transcripts"))) {
      throw new InvalidInputException(
          dir + ": --output already holds a run; choose another directory");
    }
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new InvalidInputException(dir + ": --output is not a writable directory: " + e);
    }
  }

  /** Asks the agent for its version: proves it can be started before any run is planned. */
  static String claudeVersion(String claude, Path repo, Map<String, String> environment)
      throws IOException {
    Path out = Files.createTempFile("repo-search-eval-version-", ".txt");
    try {
      Map<String, String> env = new HashMap<>(environment);
      env.remove("CLAUDECODE");
      AgentProcess.Outcome outcome =
          AgentProcess.run(
              List.of(claude, "--version"),
              env,
              repo,
              out,
              VERSION_TIMEOUT,
              Secrets.fromEnvironment(environment));
      String printed = Files.readString(out).strip();
      if (outcome.launchError() != null) {
        throw new InvalidInputException(
            "--claude: cannot start '" + claude + "': " + outcome.launchError());
      }
      if (outcome.exitCode() == null || outcome.exitCode() != 0 || printed.isEmpty()) {
        throw new InvalidInputException(
            "--claude: '"
                + claude
                + " --version' failed (exit "
                + outcome.exitCode()
                + "): "
                + ClaudeCodeSolver.tail(outcome.stderrTail()));
      }
      return printed.split("\\s+")[0];
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
