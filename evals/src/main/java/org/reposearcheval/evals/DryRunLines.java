package org.reposearcheval.evals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.agent.Rehearsal;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.Secrets;

/** {@code --dry-run}'s lines: each planned run as a shell script, nothing started. */
final class DryRunLines {
  private DryRunLines() {}

  /**
   * {@code --dry-run}: every planned run as it would be started in {@code outputDir}, secrets
   * masked, as a shell script that repeats it by hand ({@link DryRunScript}): its private home with
   * the files the agent's adapter writes there, the environment the harness sets, and the command
   * fed its prompt on stdin as the harness does ({@code printf %s '<prompt>' | claude ...}).
   * Nothing is started, not even {@code claude --version}.
   */
  static List<String> of(EvalSettings settings, Path outputDir, Map<String, String> environment) {
    Preflight.Checked suite = Preflight.suite(settings);
    McpTranslations.check(settings, suite.cases(), suite.arms(), environment);
    AgentSolver solver =
        new AgentSolver(
            Solvers.agentOptions(settings, settings.agent().repo()), outputDir, environment);
    Secrets secrets = Secrets.fromEnvironment(environment);
    List<String> lines = new ArrayList<>();
    for (Job job : Plan.jobs(settings, suite)) {
      if (settings.schedule().autoRuns() && job.run() > 1) {
        continue; // further runs depend on the first runs' results
      }
      Rehearsal run = rehearse(solver, job);
      List<String> script = new ArrayList<>();
      script.add(
          String.format(
              "# %d %s (timeout %s; the prompt goes on stdin)",
              job.index(), job, Durations.canonical(solver.timeout(job))));
      script.addAll(DryRunScript.lines(run, environment));
      lines.add(secrets.with(job.arm().agent().env().values()).mask(String.join("\n", script)));
      if (job.testCase().expect().judged().asked()) {
        lines.add(DryRunScript.judgeLine(settings, environment, job, secrets));
      }
    }
    return lines;
  }

  private static Rehearsal rehearse(AgentSolver solver, Job job) {
    try {
      return solver.rehearse(job);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
