package org.reposearcheval.cmd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.reposearcheval.evals.EvalSettings;
import org.reposearcheval.evals.RunManifest;
import org.reposearcheval.evals.util.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code repo-search-eval run}: fills the settings from its option groups, hands them on. */
@Command(
    name = "run",
    footer = {
      "  repo-search-eval run --parallel 4",
      "  repo-search-eval run --runs 3 --tag smoke --output eval-results/smoke",
      "  repo-search-eval run --resume eval-results/20261123-120000"
    },
    description =
        "Run every case through the agent (Claude Code unless --agent says otherwise) with and"
            + " without the MCP server; write the report.")
final class RunCommand extends Subcommand implements Callable<Integer> {
  @ArgGroup(validate = false, heading = SuiteOptions.HEADING)
  SuiteOptions suite = new SuiteOptions();

  @ArgGroup(validate = false, heading = "%nAgent:%n")
  AgentRunOptions agent = new AgentRunOptions();

  @ArgGroup(validate = false, heading = "%nSchedule:%n")
  ScheduleOptions schedule = new ScheduleOptions();

  @ArgGroup(validate = false, heading = "%nWhen things go wrong:%n")
  PolicyOptions policy = new PolicyOptions();

  @ArgGroup(validate = false, heading = "%nMCP servers' prepare steps:%n")
  PrepareOptions prepare = new PrepareOptions();

  @ArgGroup(validate = false, heading = "%nJudge:%n")
  JudgeOptions judge = new JudgeOptions();

  @Option(
      names = "--dry-run",
      description =
          "Print each run as a script that repeats it by hand: the files of its private home,"
              + " the environment the harness sets, the command line (secrets masked); run"
              + " nothing.")
  boolean dryRun;

  @Option(
      names = "--verbose",
      description =
          "Also print a line when each run starts, and how agents are started (posix_spawnp,"
              + " or ProcessBuilder and why).")
  boolean verbose;

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
    ConsoleRun.Request request = request();
    try {
      return new ConsoleRun(spec.commandLine(), System.getenv(), verbose).execute(request, dryRun);
    } catch (InvalidInputException e) {
      if (resume == null && output == null && !dryRun) {
        OutputDirectory.release(request.dir());
      }
      throw e;
    }
  }

  /**
   * The default run directory: named for a dry run, which creates nothing; claimed (created) for a
   * real one, so runs started in the same second never share it.
   */
  private Path defaultOutput() {
    return dryRun ? OutputDirectory.name() : OutputDirectory.claim();
  }

  /** The settings and the run directory: the options', or with --resume the recorded ones. */
  private ConsoleRun.Request request() {
    try {
      return resume == null
          ? new ConsoleRun.Request(settings(), output != null ? output : defaultOutput(), false)
          : resumed();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cl(), e.getMessage());
    }
  }

  private EvalSettings settings() {
    List<String> arms = suite.arms(cl());
    return new EvalSettings(
        suite.suite(schedule.shard),
        agent.agent(cl().getParseResult().hasMatchedOption("--repo")),
        schedule.schedule(arms, policy.minFreeMemoryBytes(), cl()),
        agent.perRun(),
        policy.policy(),
        prepare.prepare(),
        judge.judging());
  }

  /** The recorded settings, at the concurrency given; a dry run lists the same commands at any. */
  private ConsoleRun.Request resumed() {
    refuseChangedSettings();
    boolean newParallel = !dryRun && cl().getParseResult().hasMatchedOption("--parallel");
    int parallel = newParallel ? schedule.parallel(policy.minFreeMemoryBytes(), cl()) : 0;
    EvalSettings recorded =
        RunManifest.read(resume).settings().withAgentEnvironment(System.getenv());
    EvalSettings settings = newParallel ? recorded.withParallel(parallel) : recorded;
    if (policy.maxCostUsd != null) {
      settings = settings.withMaxCost(policy.maxCostUsd);
    }
    return new ConsoleRun.Request(settings, resume, true);
  }

  /**
   * --resume continues with the recorded settings: only the concurrency, the money budget and the
   * output may vary.
   */
  private void refuseChangedSettings() {
    List<String> changing =
        cl().getParseResult().matchedOptions().stream()
            .map(o -> o.longestName())
            .filter(
                name ->
                    !List.of("--resume", "--parallel", "--max-cost", "--dry-run", "--verbose")
                        .contains(name))
            .toList();
    if (!changing.isEmpty()) {
      throw new ParameterException(
          cl(),
          "--resume continues with the recorded settings; only --parallel may be given, not "
              + String.join(", ", changing));
    }
  }

  private CommandLine cl() {
    return spec.commandLine();
  }
}
