package org.reposearcheval.cmd;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.reposearcheval.evals.EvalSettings;
import org.reposearcheval.evals.Evaluation;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.util.Secrets;
import picocli.CommandLine;

/**
 * An evaluation on the console: the live progress, Ctrl-C, the warnings and the summary; or, for a
 * dry run, the command lines. Returns the exit code.
 */
final class ConsoleRun {
  /** What {@code run} was asked: these settings, into {@code dir}, new or resumed. */
  record Request(EvalSettings settings, Path dir, boolean resumed) {}

  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> environment;
  private final boolean verbose;

  ConsoleRun(CommandLine commandLine, Map<String, String> environment, boolean verbose) {
    this.out = commandLine.getOut();
    this.err = commandLine.getErr();
    this.environment = environment;
    this.verbose = verbose;
  }

  int execute(Request request, boolean dryRun) throws IOException {
    if (dryRun) {
      Evaluation.commandLines(request.settings(), request.dir(), environment).forEach(out::println);
      return ExitCodes.OK;
    }
    return ExitCodes.of(run(request));
  }

  private Evaluation.Outcome run(Request request) throws IOException {
    RunControl control = new RunControl();
    ConsoleProgress progress =
        ConsoleProgress.forConsole(out, Secrets.fromEnvironment(environment), verbose);
    Evaluation.Outcome outcome;
    try (progress;
        CtrlC ctrlC = new CtrlC(control, err)) {
      outcome =
          request.resumed()
              ? Evaluation.resume(
                  request.dir(),
                  request.settings().schedule().parallel(),
                  request.settings().policy().maxCostUsd(),
                  environment,
                  progress,
                  control)
              : Evaluation.run(request.settings(), request.dir(), environment, progress, control);
    }
    outcome.warnings().forEach(w -> err.println("warning: " + w));
    ConsoleSummary.print(out, outcome);
    return outcome;
  }
}
