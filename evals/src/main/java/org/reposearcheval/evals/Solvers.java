package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.agent.WorkDirs;
import org.reposearcheval.evals.judge.Judge;
import org.reposearcheval.evals.judge.JudgingSolver;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.CostBudget;
import org.reposearcheval.evals.run.MemoryFloor;
import org.reposearcheval.evals.run.Retries;
import org.reposearcheval.evals.run.Retrying;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.run.StartGate;
import org.reposearcheval.evals.suite.TestCase;

/**
 * What solves an evaluation's jobs, composed from its parts: one attempt of the arm's agent ({@link
 * AgentSolver}), tried again as {@code --retries} says with the limits fed back ({@link Retrying}),
 * started only while the run is not stopped and the money budget has room ({@link StartGate}), and
 * judged where a case asks ({@link JudgingSolver}).
 */
final class Solvers {
  private Solvers() {}

  /** The solver of the runs: {@code agents} as the run's policy and guards have it. */
  static Solver of(
      AgentSolver agents,
      Retries retries,
      Path dir,
      RunControl control,
      CostBudget money,
      Judge judge) {
    // Once stopped, a job that gets its permit before the cancellation reaches it never starts;
    // nor does one the money budget has no room for.
    Solver arms = new StartGate(new Retrying(agents, retries, dir), control, money);
    return judge == null ? arms : new JudgingSolver(arms, judge);
  }

  /** How each agent run of {@code settings} is started, working in {@code workDir}. */
  static AgentOptions agentOptions(EvalSettings settings, Path workDir) {
    PerRun perRun = settings.perRun();
    return new AgentOptions(
        settings.agent().binaries(),
        workDir,
        perRun.model(),
        perRun.maxTurns(),
        perRun.timeout(),
        perRun.maxCostPerRunUsd(),
        false);
  }

  /** One attempt of each run's agent, its transcript in {@code dir}, working where it says. */
  static AgentSolver agents(
      EvalSettings settings,
      Path dir,
      Map<String, String> environment,
      Path workspace,
      WorkDirs workDirs) {
    return new AgentSolver(agentOptions(settings, workspace), dir, environment, workDirs);
  }

  /**
   * Extra attempts for transient failures, as {@code --retries} says, pushed back on {@code limit}.
   */
  static Retries retries(EvalSettings settings, AdaptiveLimit limit) {
    return new Retries(
        settings.policy().retries(),
        Duration.ofSeconds(2),
        limit,
        new MemoryFloor(settings.policy().minFreeMemoryBytes()));
  }

  /** The judge, when a case of {@code cases} asks for a judged answer; null otherwise. */
  static Judge judge(
      EvalSettings settings,
      Path dir,
      Map<String, String> environment,
      java.util.List<TestCase> cases,
      AdaptiveLimit limit)
      throws IOException {
    boolean asked = cases.stream().anyMatch(c -> c.expect().judged().asked());
    return asked
        ? Judge.open(
            Judges.settings(settings),
            dir,
            environment,
            retries(settings, limit),
            settings.agent().binaries())
        : null;
  }
}
