package org.reposearcheval.cmd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.reposearcheval.evals.ShardMerge;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code repo-search-eval merge}: one run directory from the run directories of all shards. */
@Command(
    name = "merge",
    footer = {"  repo-search-eval merge shard-1 shard-2 shard-3 --output eval-results/nightly"},
    description =
        "Combine the run directories of every shard of a suite (run --shard K/N) into one run"
            + " directory with every report format.")
final class MergeCommand extends Subcommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", arity = "1..*", description = "The shards' run directories.")
  List<Path> shards;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      required = true,
      description = "The merged run directory; must not hold a run yet.")
  Path output;

  @Override
  public Integer call() throws IOException {
    Report report = ShardMerge.merge(shards, output);
    var out = spec.commandLine().getOut();
    out.printf(
        "merged %d shards: %d runs; report: %s%n",
        shards.size(), report.rawResults().size(), output.resolve(ReportWriter.MARKDOWN));
    return ExitCodes.of(report);
  }
}
