package org.reposearcheval.cmd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.reposearcheval.evals.EvalSettings;
import org.reposearcheval.evals.Evaluation;
import org.reposearcheval.evals.RunManifest;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.Secrets;
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
  /** What one Claude Code run is assumed to need, for --parallel auto. */
  private static final long PER_RUN_MEMORY = 512L << 20;

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
      paramLabel = "N|auto",
      defaultValue = "1",
      description =
          "Runs in flight at once; 1 runs them one after another; auto chooses from cores and"
              + " free memory (default: ${DEFAULT-VALUE}).")
  String parallel;

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
      names = "--retries",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "Extra attempts for transient failures only: rate limits, overload, an agent that died"
              + " without a result (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--fail-fast",
      description = "Cancel the rest at the first error, timeout or invalid run.")
  boolean failFast;

  @Option(
      names = "--max-duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Budget for the whole run; when spent, unfinished runs are cancelled.")
  Duration maxDuration;

  @Option(
      names = "--min-free-memory",
      paramLabel = "MB",
      defaultValue = "512",
      description = "No new run starts while less memory is available (default: ${DEFAULT-VALUE}).")
  long minFreeMemoryMb;

  @Option(
      names = "--dry-run",
      description = "Print the command line of each run (secrets masked) and run nothing.")
  boolean dryRun;

  @Option(names = "--verbose", description = "Also print a line when each run starts.")
  boolean verbose;

  @Option(
      names = "--shard",
      paramLabel = "K/N",
      defaultValue = "1/1",
      converter = ShardConverter.class,
      description =
          "Run only the K-th of N balanced shares of the cases (both modes of a case stay"
              + " together); combine the shards with merge (default: ${DEFAULT-VALUE}).")
  Shard shard;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description =
          "Continue the run in DIR with its recorded settings; only --parallel may change.")
  Path resume;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description =
          "Run directory for the report and transcripts (default: eval-results/<timestamp>).")
  Path output;

  @Override
  public Integer call() throws IOException {
    var console = spec.commandLine().getOut();
    Map<String, String> environment = System.getenv();
    if (dryRun) {
      Evaluation.commandLines(resume == null ? settings() : recorded(), environment)
          .forEach(console::println);
      return ExitCodes.OK;
    }
    Secrets secrets = Secrets.fromEnvironment(environment);
    RunControl control = new RunControl();
    ConsoleProgress progress = ConsoleProgress.forConsole(console, secrets, verbose);
    Evaluation.Outcome outcome;
    try (progress;
        CtrlC ctrlC = new CtrlC(control, spec.commandLine().getErr())) {
      outcome =
          resume == null
              ? Evaluation.run(settings(), environment, progress, control)
              : Evaluation.resume(resume, parallelOverride(), environment, progress, control);
    }
    outcome.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
    ConsoleProgress.printSummary(console, outcome);
    if (outcome.interrupted()) {
      return ExitCodes.INTERRUPTED;
    }
    boolean incomplete =
        outcome.report().rawResults().stream()
            .map(RunResult::status)
            .anyMatch(status -> !status.isVerdict());
    return incomplete ? ExitCodes.RUNS_INCOMPLETE : ExitCodes.OK;
  }

  /** With --resume, the recorded settings; options that would change them are refused. */
  private EvalSettings recorded() {
    refuseChangedSettings();
    RunManifest manifest = RunManifest.read(resume);
    return manifest.settings().toEvalSettings(resume, manifest.settings().parallel());
  }

  /**
   * --resume continues with the recorded settings: only the concurrency and the output may vary.
   */
  private void refuseChangedSettings() {
    List<String> changing =
        spec.commandLine().getParseResult().matchedOptions().stream()
            .map(o -> o.longestName())
            .filter(
                name -> !List.of("--resume", "--parallel", "--dry-run", "--verbose").contains(name))
            .toList();
    if (!changing.isEmpty()) {
      throw usage(
          "--resume continues with the recorded settings; only --parallel may be given, not "
              + String.join(", ", changing));
    }
  }

  /** --parallel with --resume: the recorded value (0) unless given. */
  private int parallelOverride() {
    refuseChangedSettings();
    return spec.commandLine().getParseResult().hasMatchedOption("--parallel") ? parallel() : 0;
  }

  private int parallel() {
    if (parallel.equals("auto")) {
      return MemoryFloor.autoParallel(minFreeMemoryMb << 20, PER_RUN_MEMORY);
    }
    try {
      int n = Integer.parseInt(parallel);
      if (n < 0) {
        throw usage("--parallel must not be negative, got " + parallel);
      }
      return n;
    } catch (NumberFormatException e) {
      throw usage("--parallel must be a number or auto, got '" + parallel + "'");
    }
  }

  EvalSettings settings() {
    if (runs < 1) {
      throw usage("--runs must be at least 1, got " + runs);
    }
    if (retries < 0) {
      throw usage("--retries must not be negative, got " + retries);
    }
    if (minFreeMemoryMb < 0) {
      throw usage("--min-free-memory must not be negative, got " + minFreeMemoryMb);
    }
    if (maxTurns != null && maxTurns < 1) {
      throw usage("--max-turns must be at least 1, got " + maxTurns);
    }
    List<String> modes = suite.modes(spec.commandLine());
    Path outputDir = output != null ? output : defaultOutput();
    return new EvalSettings(
        suite.casesDir,
        suite.tags,
        shard,
        suite.mcpConfigFile(),
        Optional.ofNullable(suite.variants),
        repo,
        claude,
        modes,
        runs,
        parallel(),
        timeout,
        Optional.ofNullable(model),
        Optional.ofNullable(maxTurns),
        outputDir,
        new EvalSettings.Policy(
            retries, failFast, Optional.ofNullable(maxDuration), minFreeMemoryMb << 20));
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

  /** Reads {@code K/N}. */
  static final class ShardConverter implements ITypeConverter<Shard> {
    @Override
    public Shard convert(String value) {
      return Shard.parse(value);
    }
  }

  /** Reads {@code 90s}, {@code 5m}, {@code 1h30m}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Durations.parse(value);
    }
  }
}
