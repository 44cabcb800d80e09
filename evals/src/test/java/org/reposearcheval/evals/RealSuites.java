package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Shard;

/**
 * The evaluations the integration tests run as {@code repo-search-eval run} does ({@link
 * Evaluation#run}): a suite of cases with one MCP config, one run each, two in flight, two minutes
 * a run, the defaults otherwise.
 */
final class RealSuites {
  private RealSuites() {}

  /** Claude Code, the pinned CLI, in {@code repo}. */
  static EvalSettings.Agent claude(Path repo) {
    return new EvalSettings.Agent(repo, RealParts.CLAUDE.toString());
  }

  /** The cases of {@code cases} in both arms (or in the arms of {@code variants}). */
  static EvalSettings bothArms(
      Path cases, Path mcp, Optional<Path> variants, EvalSettings.Agent agent, PerRun perRun) {
    return new EvalSettings(
        new EvalSettings.Suite(cases, List.of(), Shard.ALL, mcp, variants),
        agent,
        new Schedule(List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1, 2),
        perRun,
        Policy.DEFAULTS);
  }

  static EvalSettings bothArms(Path cases, Path mcp, EvalSettings.Agent agent) {
    return bothArms(cases, mcp, Optional.empty(), agent, new PerRun(twoMinutes()));
  }

  /**
   * The cases of {@code suite} in both arms, run in its repository by {@code agent}, the pinned CLI
   * {@code command}, with {@code model}.
   */
  static EvalSettings bothArms(
      RealParts.WidgetSuite suite, String agent, Path command, Optional<String> model) {
    return bothArms(
        suite.cases(),
        suite.mcpConfig(),
        Optional.empty(),
        new EvalSettings.Agent(
            suite.repo(), RealParts.CLAUDE.toString(), agent, Optional.of(command.toString())),
        new PerRun(twoMinutes(), model, Optional.empty()));
  }

  /**
   * A suite whose cases pin their repositories, checked out under {@code dir/cache}, run by Claude
   * Code with MCP only, {@code runs} runs a case, {@code parallel} in flight.
   */
  static EvalSettings pinnedWithMcp(Path cases, Path mcp, Path dir, int runs, int parallel) {
    return new EvalSettings(
        new EvalSettings.Suite(cases, List.of(), Shard.ALL, mcp, Optional.empty(), true),
        new EvalSettings.Agent(
            dir,
            RealParts.CLAUDE.toString(),
            "claude",
            Optional.empty(),
            Optional.of(dir.resolve("cache")),
            false),
        new Schedule(List.of(Arm.WITH_MCP), runs, parallel),
        new PerRun(twoMinutes()),
        Policy.DEFAULTS);
  }

  static Duration twoMinutes() {
    return Duration.ofMinutes(2);
  }

  /**
   * Runs the cases of {@code suite} in both arms with the pinned Claude Code against a scripted
   * Messages API ({@code script}, which the CLI reaches with {@code apiKey}, retrying once) into
   * {@code out}, and asserts the API saw no failure; the report.
   */
  static Report claudeInBothArms(
      RealParts.WidgetSuite suite, ScriptedHttpServer.Script script, String apiKey, Path out)
      throws java.io.IOException {
    try (ScriptedMessagesApi api = ScriptedMessagesApi.start(script)) {
      EvalSettings settings = bothArms(suite.cases(), suite.mcpConfig(), claude(suite.repo()));
      Report report = run(settings, out, api.environment(apiKey, 1)).report();
      assertTrue(api.failures().isEmpty(), api.failures().toString());
      return report;
    }
  }

  /** Runs {@code settings} into {@code out} with {@code env}, as the CLI would. */
  static Evaluation.Outcome run(EvalSettings settings, Path out, Map<String, String> env)
      throws java.io.IOException {
    return Evaluation.run(settings, out, env, RunListener.NONE, new RunControl());
  }
}
