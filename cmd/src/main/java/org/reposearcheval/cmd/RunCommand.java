package org.reposearcheval.cmd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.reposearcheval.evals.Arm;
import org.reposearcheval.evals.Durations;
import org.reposearcheval.evals.EvalSettings;
import org.reposearcheval.evals.Evaluation;
import org.reposearcheval.evals.RunResult;
import org.reposearcheval.evals.Secrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code repo-search-eval run}: parses the options and hands them to {@link Evaluation}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Run every case through Claude Code with and without the MCP server; write the report.")
final class RunCommand implements Callable<Integer> {
  @Mixin SuiteOptions suite;
  @Spec CommandSpec spec;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Repository the agent works in (default: current directory).")
  Path repo;

  @Option(
      names = "--claude",
      paramLabel = "PATH",
      defaultValue = "claude",
      description = "Claude Code executable (default: ${DEFAULT-VALUE} on PATH).")
  String claude;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "1",
      description = "Repetitions per case and mode (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Runs in flight at once; 1 runs them one after another (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description =
          "Per run, e.g. 90s or 5m; a case's own timeout wins (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--model", paramLabel = "MODEL", description = "Passed to claude --model.")
  String model;

  @Option(names = "--max-turns", paramLabel = "N", description = "Passed to claude --max-turns.")
  Integer maxTurns;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description =
          "Run directory for the report and transcripts (default: eval-results/<timestamp>).")
  Path output;

  @Override
  public Integer call() throws IOException {
    EvalSettings settings = settings();
    var console = spec.commandLine().getOut();
    Secrets secrets = Secrets.fromEnvironment(System.getenv());
    Evaluation.Outcome outcome;
    try (CtrlC ctrlC = new CtrlC()) {
      outcome = Evaluation.run(settings, System.getenv(), new ConsoleProgress(console, secrets));
      ConsoleProgress.printSummary(console, outcome);
    }
    if (outcome.interrupted()) {
      return ExitCodes.INTERRUPTED;
    }
    boolean incomplete =
        outcome.report().rawResults().stream()
            .map(RunResult::status)
            .anyMatch(status -> !status.isVerdict());
    return incomplete ? ExitCodes.RUNS_INCOMPLETE : ExitCodes.OK;
  }

  EvalSettings settings() {
    if (runs < 1) {
      throw usage("--runs must be at least 1, got " + runs);
    }
    if (parallel < 0) {
      throw usage("--parallel must not be negative, got " + parallel);
    }
    if (maxTurns != null && maxTurns < 1) {
      throw usage("--max-turns must be at least 1, got " + maxTurns);
    }
    List<String> modes = suite.modes(spec.commandLine());
    Path outputDir = output != null ? output : defaultOutput();
    return new EvalSettings(
        suite.casesDir,
        suite.tags,
        suite.mcpConfigFile(),
        repo,
        claude,
        modes,
        runs,
        parallel,
        timeout,
        Optional.ofNullable(model),
        Optional.ofNullable(maxTurns),
        outputDir);
  }

  /** {@code eval-results/<timestamp>}, with a suffix when a run started in the same second. */
  private static Path defaultOutput() {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = Path.of("eval-results", stamp);
    for (int n = 2; Files.exists(dir); n++) {
      dir = Path.of("eval-results", stamp + "-" + n);
    }
    return dir;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Reads {@code 90s}, {@code 5m}, {@code 1h30m}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Durations.parse(value);
    }
  }
}
