package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.reposearcheval.evals.report.ArmConfig;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportConfig;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.transcript.LivePages;

/**
 * What an evaluation records of itself: {@code run.json} as it starts, again with the prepare steps
 * its MCP servers ran once they have, and the report with its pages once the runs have ended.
 */
final class Reporting {
  private Reporting() {}

  /**
   * What the runs of an evaluation came to.
   *
   * @param wallMs from the start to the last run's end
   * @param results every result the report holds, kept and fresh, in the plan's order
   * @param hidden the files hidden from the agents
   * @param preparations the prepare steps run, by this harness and the ones before it
   */
  record Ran(
      Instant startedAt,
      long wallMs,
      List<RunResult> results,
      List<String> hidden,
      List<Preparation> preparations) {}

  /** The run's manifest as it starts, without prepare steps. */
  static RunManifest manifest(EvalSettings settings, Preflight.Input input, Instant startedAt) {
    return RunManifest.of(
        settings,
        input.agentVersions(),
        input.suite().cases(),
        startedAt.toString(),
        input.trees().byCase(),
        input.mcpManifest());
  }

  /**
   * Writes the report of what {@code ran} into {@code dir}, and {@code run.json} again where
   * prepare steps ran, once the one written aside ({@code recorded}) is done.
   */
  static Report write(
      EvalSettings settings,
      Path dir,
      Preflight.Input input,
      Ran ran,
      CompletableFuture<Void> recorded,
      LivePages pages)
      throws IOException {
    ReportConfig config =
        RunReport.config(
            settings,
            input.suite().arms().stream()
                .map(arm -> ArmConfig.of(arm).withMcpManifest(input.mcpManifest().get(arm.name())))
                .toList(),
            input.agentVersions(),
            ran.hidden(),
            input.trees().byCase());
    RunRecords.await(recorded);
    if (!ran.preparations().isEmpty()) {
      manifest(settings, input, ran.startedAt()).withPreparations(ran.preparations()).write(dir);
    }
    Report report =
        RunReport.of(
            config,
            RunManifest.fingerprints(input.suite().cases()),
            ran.startedAt(),
            Instant.now(),
            ran.wallMs(),
            ran.results(),
            ran.preparations());
    ReportWriter.write(report, dir, () -> pages.finish(report.rawResults()));
    return report;
  }
}
