package org.reposearcheval.cmd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportFiles;
import org.reposearcheval.evals.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code repo-search-eval report}: writes every report format again from a run directory. */
@Command(
    name = "report",
    footer = {"  repo-search-eval report eval-results/20261123-120000"},
    description = "Write every report format of a run directory again, recomputed from its runs.")
final class ReportCommand extends Subcommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "The run directory (holding report.json).")
  Path dir;

  @Override
  public Integer call() throws IOException {
    Report report = ReportFiles.rerender(dir);
    spec.commandLine()
        .getOut()
        .printf(
            "%d runs; wrote %s, %s, %s and %s in %s%n",
            report.rawResults().size(),
            ReportWriter.JSON,
            ReportWriter.MARKDOWN,
            ReportWriter.HTML,
            ReportWriter.JUNIT,
            dir);
    return ExitCodes.OK;
  }
}
