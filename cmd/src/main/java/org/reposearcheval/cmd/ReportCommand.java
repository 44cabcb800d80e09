package org.reposearcheval.cmd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportFiles;
import org.reposearcheval.evals.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code repo-search-eval report}: writes every report format again from a run directory. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Re-render report.json, report.md, report.html and junit.xml of a run directory, with the"
            + " summaries and statistics computed afresh from its raw results.")
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

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
