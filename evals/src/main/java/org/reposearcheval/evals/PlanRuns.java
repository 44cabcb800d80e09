package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.AutoRuns;
import org.reposearcheval.evals.run.History;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.Rounds;
import org.reposearcheval.evals.run.RunAll;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.run.StartOrder;

/**
 * How a plan's jobs are scheduled: all at once or round after round ({@code --runs auto}), each
 * started longest first by the durations of the run {@code --history} names.
 */
final class PlanRuns {
  private PlanRuns() {}

  /**
   * Runs what the plan has still to do through {@link RunAll}: at once, or under {@code --runs
   * auto} round after round ({@link AutoRuns}), each round started longest first, until {@code
   * stopped}.
   */
  static List<RunResult> run(
      EvalSettings settings,
      Plan plan,
      History history,
      AdaptiveLimit limit,
      Solver solver,
      RunListener listeners,
      java.util.function.BooleanSupplier stopped) {
    if (!settings.schedule().autoRuns()) {
      return RunAll.run(plan.todo(), startOrder(plan.todo(), history), limit, solver, listeners);
    }
    int max = settings.schedule().runs();
    int[] roundsRun = {0};
    return AutoRuns.run(
        plan.jobs(),
        plan.kept(),
        max,
        stopped,
        (jobs, round) ->
            RunAll.run(
                jobs,
                startOrder(jobs, history),
                limit,
                solver,
                Rounds.listener(listeners, round, roundsRun[0]++ == 0, max)));
  }

  /** Longest first by {@code history}'s durations, else the plan's order. */
  private static int[] startOrder(List<Job> jobs, History history) {
    return history.dir() == null
        ? StartOrder.planned(jobs.size())
        : StartOrder.longestFirst(jobs, history::expectedMs);
  }

  /**
   * The run {@code --history} names (the latest run beside this one by default on the command
   * line): its durations order the starts, longest first, and its costs are what {@code --max-cost}
   * expects of each run. None without one.
   */
  static History history(EvalSettings settings, Path dir) throws IOException {
    String history = settings.schedule().history();
    if (history == null || history.equals(History.NONE)) {
      return History.none();
    }
    Optional<Path> from =
        history.equals(Schedule.HISTORY_LATEST)
            ? History.latest(dir.toAbsolutePath().getParent(), dir)
            : Optional.of(Path.of(history));
    return from.isEmpty() ? History.none() : History.read(from.get());
  }
}
