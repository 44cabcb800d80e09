package org.reposearcheval.cmd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.reposearcheval.evals.report.Comparison;
import org.reposearcheval.evals.report.ComparisonMarkdown;
import org.reposearcheval.evals.report.Comparisons;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code repo-search-eval compare}: did the head get worse than the base? */
@Command(
    name = "compare",
    footer = {"  repo-search-eval compare eval-results/base eval-results/head --output c.md"},
    description =
        "Compare two evaluations of the same suite. First what makes them unlike: a mode's agent,"
            + " agent version, model, MCP config or MCP tools that differ, and cases added, removed"
            + " or changed (the case file differs: such a case is never fixed or regressed, and is"
            + " left out of every figure). Then, over the unchanged cases: cases that stopped"
            + " answering, per-case regressions and fixes, the change of each mode's answer rate,"
            + " pass rate, cost and duration, and of each arm's advantage over the baseline. Prints"
            + " Markdown (fit for $GITHUB_STEP_SUMMARY).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no regression beyond the thresholds",
      "1:a regression: cases stopped answering, or a mode's answer rate or pass rate fell, or its"
          + " cost rose or became unknown, beyond a threshold",
      "2:bad input or usage, a change of suite with --require-same-suite, or of setup with"
          + " --require-same-setup"
    })
final class CompareCommand extends Subcommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "BASE",
      description = "The earlier report.json or run directory.")
  Path base;

  @Parameters(
      index = "1",
      paramLabel = "HEAD",
      description = "The later report.json or run directory.")
  Path head;

  @Option(
      names = "--max-pass-rate-drop",
      paramLabel = "FRACTION",
      defaultValue = "0.05",
      description =
          "How far a mode's pass rate may fall, e.g. 0.05 for five points (default:"
              + " ${DEFAULT-VALUE}).")
  double maxPassRateDrop;

  @Option(
      names = "--max-cost-increase",
      paramLabel = "FRACTION",
      defaultValue = "0.2",
      description =
          "How much a mode's cost may rise, e.g. 0.2 for 20%% (default: ${DEFAULT-VALUE}).")
  double maxCostIncrease;

  @Option(
      names = "--max-answer-rate-drop",
      paramLabel = "FRACTION",
      defaultValue = "0",
      description =
          "How far a mode's answer rate (runs with a verdict / runs) may fall, and what share of"
              + " the cases that answered in BASE may stop answering in HEAD (error, timeout,"
              + " invalid, cancelled, no run) (default: ${DEFAULT-VALUE}: none may).")
  double maxAnswerRateDrop;

  @Option(
      names = "--require-same-suite",
      description =
          "Refuse (exit 2) when BASE and HEAD ran different cases: one added or removed, one whose"
              + " case file changed, or one whose change cannot be told (a report without case"
              + " fingerprints).")
  boolean requireSameSuite;

  @Option(
      names = "--require-same-setup",
      description =
          "Refuse (exit 2) when a mode ran with another agent, agent version, model, MCP config or"
              + " set of MCP tools in HEAD than in BASE.")
  boolean requireSameSetup;

  @Option(names = "--output", paramLabel = "FILE", description = "Also write the Markdown to FILE.")
  Path output;

  @Override
  public Integer call() throws IOException {
    if (!(maxPassRateDrop >= 0 && maxPassRateDrop <= 1)
        || !(maxAnswerRateDrop >= 0 && maxAnswerRateDrop <= 1)
        || !(maxCostIncrease >= 0)) {
      throw new ParameterException(
          spec.commandLine(),
          "--max-pass-rate-drop and --max-answer-rate-drop must be between 0 and 1 and"
              + " --max-cost-increase at least 0");
    }
    Comparison comparison =
        Comparisons.load(
            base,
            head,
            new Comparison.Thresholds(
                maxPassRateDrop,
                maxCostIncrease,
                maxAnswerRateDrop,
                requireSameSuite,
                requireSameSetup));
    String markdown = ComparisonMarkdown.render(comparison);
    spec.commandLine().getOut().print(markdown);
    spec.commandLine().getOut().flush();
    if (output != null) {
      Path parent = output.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(output, markdown);
    }
    return comparison.regressed() ? ExitCodes.REGRESSION : ExitCodes.OK;
  }
}
