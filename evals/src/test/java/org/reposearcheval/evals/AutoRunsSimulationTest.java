package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.run.AutoRuns;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunAll;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.score.CaseMeasures;
import org.reposearcheval.evals.score.Inference;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.TestCase;

/**
 * {@code --runs auto} proven by simulation: {@value #SUITES} simulated suites per setting, each run
 * through the real scheduler ({@link RunAll} at {@code --parallel 4}: its semaphore and structured
 * task scope), the real allocation ({@link AutoRuns}, round by round, as {@link Evaluation} drives
 * it) and the real pass-rate test ({@link PairedStatistics#passRate}), with a simulated solver:
 * each case has a pass probability per arm, and whether a run passes is drawn from a seed of its
 * suite, case, arm and run, so the table is the same whatever order the runs finish in. Fixed
 * {@code --runs 3} and {@code --runs auto:5} see the same draws for the runs both make.
 *
 * <p>With no true difference the rejection rate must stay within α plus two Monte Carlo standard
 * errors; with a true difference {@code auto:5} must reach the power of fixed {@code --runs 3}
 * (decided as the harness decides it, by McNemar's test on the majority verdicts) with at most 60 %
 * of its runs. The table goes to {@code evals/target/auto-runs-simulation.md} and stdout; it is the
 * one in docs/reports.md.
 */
class AutoRunsSimulationTest {
  static final int SUITES = 2000;
  private static final int AUTO_MAX = 5;
  private static final int FIXED = 3;

  /** {@code count} cases whose runs pass with {@code withMcp} and {@code withoutMcp}. */
  record Group(int count, double withMcp, double withoutMcp) {}

  record Setting(String name, List<Group> groups) {
    int cases() {
      return groups.stream().mapToInt(Group::count).sum();
    }

    boolean trueDifference() {
      return groups.stream().anyMatch(g -> g.withMcp() != g.withoutMcp());
    }

    double probability(int caseIndex, boolean withMcp) {
      int i = caseIndex;
      for (Group g : groups) {
        if (i < g.count()) {
          return withMcp ? g.withMcp() : g.withoutMcp();
        }
        i -= g.count();
      }
      throw new IllegalArgumentException("no case " + caseIndex);
    }

    String describe() {
      List<String> parts = new ArrayList<>();
      for (Group g : groups) {
        parts.add(
            g.withMcp() == g.withoutMcp()
                ? String.format(Locale.ROOT, "%d at %.2f", g.count(), g.withMcp())
                : String.format(
                    Locale.ROOT, "%d at %.2f vs %.2f", g.count(), g.withMcp(), g.withoutMcp()));
      }
      return String.join(", ", parts);
    }
  }

  /**
   * The settings, their groups written as {@link Setting#describe()} prints them: {@code "36 at
   * 0.98"} is 36 cases passing with probability 0.98 in both arms, {@code "6 at 0.9 vs 0.1"} six
   * that pass with 0.9 with MCP and 0.1 without.
   */
  static final List<Setting> SETTINGS =
      List.of(
          setting("no difference, mixed", "40 at 0.98, 12 at 0.02, 8 at 0.5"),
          setting("no difference, all flaky", "60 at 0.5"),
          setting("difference, strong", "36 at 0.98, 12 at 0.02, 6 at 0.5, 6 at 0.9 vs 0.1"),
          setting("difference, moderate", "36 at 0.98, 10 at 0.02, 6 at 0.5, 8 at 0.9 vs 0.2"));

  private static Setting setting(String name, String groups) {
    List<Group> parsed = new ArrayList<>();
    for (String group : groups.split(", ")) {
      String[] words = group.split(" ");
      double withMcp = Double.parseDouble(words[2]);
      double withoutMcp = words.length == 5 ? Double.parseDouble(words[4]) : withMcp;
      parsed.add(new Group(Integer.parseInt(words[0]), withMcp, withoutMcp));
    }
    return new Setting(name, parsed);
  }

  /** Rejections and runs of one design over every suite of a setting. */
  record Tally(int rejected, long runs) {
    double rate() {
      return (double) rejected / SUITES;
    }

    double runsPerSuite() {
      return (double) runs / SUITES;
    }
  }

  record Row(Setting setting, Tally fixed, Tally fixedSignFlip, Tally auto) {}

  @Test
  void autoRunsKeepTheErrorRateAndReachFixedPowerWithFewerRuns() throws IOException {
    double alpha = Inference.ALPHA;
    double bound = alpha + 2 * Math.sqrt(alpha * (1 - alpha) / SUITES);
    List<Row> rows = new ArrayList<>();
    for (Setting setting : SETTINGS) {
      rows.add(simulate(setting, 20261207L + rows.size()));
    }
    String table = table(rows, bound);
    System.out.print(table);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "auto-runs-simulation.md"), table);

    for (Row row : rows) {
      String name = row.setting().name();
      if (!row.setting().trueDifference()) {
        assertTrue(row.auto().rate() <= bound, name + ": auto rejects " + row.auto().rate());
        assertTrue(row.fixed().rate() <= bound, name + ": fixed rejects " + row.fixed().rate());
        assertTrue(row.fixedSignFlip().rate() <= bound, name + ": " + row.fixedSignFlip().rate());
      } else {
        assertTrue(
            row.auto().rate() >= row.fixed().rate(),
            name + ": auto:5 power " + row.auto().rate() + " < --runs 3 " + row.fixed().rate());
        assertTrue(
            row.auto().runs() <= 0.6 * row.fixed().runs(),
            name + ": auto:5 used " + row.auto().runs() + " of " + row.fixed().runs() + " runs");
      }
    }
  }

  /** Positive control: a difference the suite cannot miss is found by both designs every time. */
  @Test
  void aDifferenceNoSuiteCanMissIsAlwaysFound() {
    Setting obvious = new Setting("obvious", List.of(new Group(20, 1.0, 0.0)));
    Row row = simulate(obvious, 1, 50);
    assertEquals(50, row.fixed().rejected());
    assertEquals(50, row.auto().rejected());
    // Every case differs at once: auto gives each the maximum, 20 cases × 2 arms × 5 runs.
    assertEquals(50L * 20 * 2 * AUTO_MAX, row.auto().runs());
  }

  static Row simulate(Setting setting, long seed) {
    return simulate(setting, seed, SUITES);
  }

  static Row simulate(Setting setting, long seed, int suites) {
    List<TestCase> cases = new ArrayList<>();
    for (int i = 0; i < setting.cases(); i++) {
      cases.add(TestJobs.testCase(String.format("case-%03d", i), "q", "a"));
    }
    List<Arm> arms = TestJobs.bothArms();
    List<Job> fixedJobs = Plan.jobs(cases, arms, FIXED);
    List<Job> autoJobs = Plan.jobs(cases, arms, AUTO_MAX);
    int fixed = 0;
    int fixedSignFlip = 0;
    int auto = 0;
    long fixedRuns = 0;
    long autoRuns = 0;
    for (int s = 0; s < suites; s++) {
      Solver solver = solver(setting, new SplittableRandom(seed).split().nextLong() + s);
      List<RunResult> fixedResults = RunAll.run(fixedJobs, 4, solver, RunListener.NONE);
      fixedRuns += fixedResults.size();
      fixed += rejects(fixedResults, false) ? 1 : 0;
      fixedSignFlip += rejects(fixedResults, true) ? 1 : 0;
      List<RunResult> autoResults =
          AutoRuns.run(
              autoJobs,
              List.of(),
              AUTO_MAX,
              () -> false,
              (jobs, round) -> RunAll.run(jobs, 4, solver, RunListener.NONE));
      autoRuns += autoResults.size();
      auto += rejects(autoResults, true) ? 1 : 0;
    }
    return new Row(
        setting,
        new Tally(fixed, fixedRuns),
        new Tally(fixedSignFlip, fixedRuns),
        new Tally(auto, autoRuns));
  }

  /** Whether the harness's pass-rate test finds a difference, before any correction. */
  private static boolean rejects(List<RunResult> results, boolean signFlip) {
    PairedStatistics.McNemar test =
        PairedStatistics.passRate(
            CaseMeasures.of(results, Arm.WITH_MCP),
            CaseMeasures.of(results, Arm.WITHOUT_MCP),
            Inference.ALPHA,
            signFlip);
    return test.decision() != null && test.decision().significant();
  }

  /** Passes with its case's and arm's probability, drawn from the suite, case, arm and run. */
  private static Solver solver(Setting setting, long suiteSeed) {
    return job -> {
      int caseIndex = Integer.parseInt(job.testCase().id().substring("case-".length()));
      boolean withMcp = job.arm().name().equals(Arm.WITH_MCP);
      long key = ((suiteSeed * 1_000_003L + caseIndex) * 2 + (withMcp ? 1 : 0)) * 64 + job.run();
      boolean passed =
          new SplittableRandom(key).nextDouble() < setting.probability(caseIndex, withMcp);
      return RunResultBuilder.of(job)
          .status(passed ? RunStatus.PASSED : RunStatus.FAILED)
          .durationMs(1)
          .build();
    };
  }

  static String table(List<Row> rows, double bound) {
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "%d simulated suites per setting; α = %.2f, α + 2 Monte Carlo SE = %.4f%n%n",
            SUITES,
            Inference.ALPHA,
            bound));
    t.append(
        "| setting (cases at pass probability with vs without MCP) | --runs 3: rejected | --runs 3,"
            + " sign-flip: rejected | auto:5: rejected | runs per suite, --runs 3 | runs per suite,"
            + " auto:5 | auto:5 share of runs |\n");
    t.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      t.append(
          String.format(
              Locale.ROOT,
              "| %s: %s | %.4f | %.4f | %.4f | %.1f | %.1f | %.0f%% |%n",
              r.setting().name(),
              r.setting().describe(),
              r.fixed().rate(),
              r.fixedSignFlip().rate(),
              r.auto().rate(),
              r.fixed().runsPerSuite(),
              r.auto().runsPerSuite(),
              100.0 * r.auto().runs() / r.fixed().runs()));
    }
    return t.toString();
  }
}
