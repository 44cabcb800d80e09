package org.reposearcheval.cmd;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.reposearcheval.evals.EvalSettings;
import org.reposearcheval.evals.PerRun;
import org.reposearcheval.evals.Policy;
import org.reposearcheval.evals.Preflight;
import org.reposearcheval.evals.Schedule;
import org.reposearcheval.evals.checkout.AnswerKeys;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Shard;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code repo-search-eval validate}: checks the suite without running anything, the pinned cases'
 * answer keys against their trees included.
 */
@Command(
    name = "validate",
    footer = {
      "  repo-search-eval validate --cases cases --mcp-config cases/mcp.json",
      "  repo-search-eval validate --strict",
      "  repo-search-eval validate --no-mcp-check"
    },
    description =
        "Check the case files, the MCP config (each server started and asked for its tools, as run"
            + " does) and, for pinned cases, that every answer key is true of the case's tree,"
            + " without running any agent.")
final class ValidateCommand extends Subcommand implements Callable<Integer> {
  @ArgGroup(validate = false, heading = SuiteOptions.HEADING)
  SuiteOptions suite = new SuiteOptions();

  @ArgGroup(validate = false, heading = "%nJudge:%n")
  JudgeOptions judge = new JudgeOptions();

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Repository of the cases that name none (default: current directory).")
  Path repo;

  @Option(
      names = "--repo-cache",
      paramLabel = "DIR",
      description =
          "Cached clones of pinned repositories (default:"
              + " $XDG_CACHE_HOME/repo-search-eval/repos).")
  Path repoCache;

  @Option(
      names = "--no-mcp-check",
      description =
          "Do not start the MCP servers to ask them for their tools (offline, or a server that"
              + " needs a prepared checkout); run still asks them before any agent starts.")
  boolean noMcpCheck;

  @Override
  public Integer call() throws IOException {
    var parsed = spec.commandLine().getParseResult();
    EvalSettings settings =
        new EvalSettings(
            suite.suite(Shard.ALL),
            new EvalSettings.Agent(
                repo,
                AgentSpec.CLAUDE,
                AgentSpec.CLAUDE,
                Optional.empty(),
                Optional.ofNullable(repoCache),
                parsed.hasMatchedOption("--repo")),
            new Schedule(suite.arms(spec.commandLine()), 1, 1),
            new PerRun(Duration.ofMinutes(10)),
            Policy.DEFAULTS,
            judge.judging());
    Preflight.Validated validated = Preflight.validate(settings, System.getenv(), !noMcpCheck);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (AnswerKeys.Missing missing : validated.missingKeys()) {
      err.println((suite.strict ? "error: " : "warning: ") + missing);
    }
    if (suite.strict && !validated.missingKeys().isEmpty()) {
      err.printf(
          "error: %d answer keys are not in their trees; fix them, or list a key the answer"
              + " derives in the case's \"derived\"%n",
          validated.missingKeys().size());
      return ExitCodes.BAD_INPUT;
    }
    out.printf(
        "ok: %d cases in %s%s%n",
        validated.suite().cases().size(),
        suite.casesDir.toAbsolutePath().normalize(),
        validated.suite().arms().stream()
            .flatMap(arm -> arm.mcpConfig().stream())
            .map(m -> "; MCP servers " + m.serverNames() + " in " + m.file())
            .findFirst()
            .orElse(""));
    if (validated.judgedCases() > 0) {
      int votes = judge.judging().judgeRuns();
      out.printf(
          "judge: %s, %d %s per answer, for %d %s with expect.rubric or expect.reference%n",
          validated.judge(),
          votes,
          votes == 1 ? "vote" : "votes",
          validated.judgedCases(),
          validated.judgedCases() == 1 ? "case" : "cases");
    }
    validated
        .mcpManifest()
        .forEach(
            (arm, servers) ->
                servers.forEach(
                    s ->
                        out.printf(
                            "MCP server %s (%s): %s %s over %s, %d tools%n",
                            s.server(),
                            arm,
                            s.name() == null ? "unnamed" : s.name(),
                            s.version() == null ? "(no version)" : s.version(),
                            s.transport(),
                            s.tools().size())));
    if (validated.pinnedCases() > 0) {
      out.printf(
          "answer keys: %d pinned cases checked against %d %s, %d %s%n",
          validated.pinnedCases(),
          validated.pinnedTrees(),
          validated.pinnedTrees() == 1 ? "tree" : "trees",
          validated.missingKeys().size(),
          validated.missingKeys().size() == 1 ? "key missing" : "keys missing");
      validated.trees().values().stream()
          .filter(t -> t.pinned())
          .map(t -> "  " + t.describe() + (t.ref().equals(t.commit()) ? "" : " (" + t.ref() + ")"))
          .distinct()
          .forEach(out::println);
    }
    return ExitCodes.OK;
  }
}
