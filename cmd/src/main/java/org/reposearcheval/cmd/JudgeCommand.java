package org.reposearcheval.cmd;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.reposearcheval.evals.EvalSettings;
import org.reposearcheval.evals.Rejudge;
import org.reposearcheval.evals.RunManifest;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.util.Secrets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code repo-search-eval judge DIR}: grades a finished run's stored answers again, starting no
 * arm's agent, and writes the report again; the earlier one is kept beside it.
 */
@Command(
    name = "judge",
    footer = {
      "  repo-search-eval judge eval-results/20261123-120000 --judge-runs 3",
      "  repo-search-eval judge eval-results/20261123-120000 --judge codex"
    },
    description =
        "Grade the stored answers of a finished run again with a judge (the recorded one unless"
            + " --judge says otherwise), starting no arm's agent; write the report again, the"
            + " earlier one kept in DIR/earlier/<timestamp>.")
final class JudgeCommand extends Subcommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "The run directory (holding run.json).")
  Path dir;

  @ArgGroup(validate = false, heading = "%nJudge:%n")
  JudgeOptions judge = new JudgeOptions();

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Judge runs at once (default: the run's --parallel).")
  int parallel;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> environment = System.getenv();
    java.util.Optional<EvalSettings.Judging> judging;
    try {
      EvalSettings.Judging recorded = RunManifest.read(dir).settings().judging();
      judging =
          judge
              .given()
              .map(
                  g ->
                      new EvalSettings.Judging(
                          g.judge().or(recorded::judge),
                          judge.judgeRuns == null ? recorded.judgeRuns() : g.judgeRuns()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    RunControl control = new RunControl();
    Rejudge.Outcome outcome;
    try (ConsoleProgress progress =
            ConsoleProgress.forConsole(out, Secrets.fromEnvironment(environment), false);
        CtrlC ctrlC = new CtrlC(control, err)) {
      outcome = Rejudge.run(dir, judging, parallel, environment, progress, control);
    }
    ConsoleSummary.printJudge(out, outcome.report());
    out.printf(
        "judged %d answers again with %s; the earlier report is in %s%n",
        outcome.judged(),
        outcome.report().judge() == null ? "no judge" : outcome.report().judge().describe(),
        outcome.earlier());
    out.printf("report: %s%n", dir.resolve("report.md"));
    return RunControl.INTERRUPTED.equals(outcome.stopReason())
        ? ExitCodes.INTERRUPTED
        : ExitCodes.of(outcome.report());
  }
}
