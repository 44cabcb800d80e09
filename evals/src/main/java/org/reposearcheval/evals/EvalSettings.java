package org.reposearcheval.evals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.reposearcheval.evals.agent.Binaries;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.util.Secrets;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Everything one evaluation needs, as plain values: the command line fills it, {@link Evaluation}
 * carries it out, and {@link RunManifest} records it in run.json as one flat object, the parts
 * below unwrapped in this order, so a resumed run continues with exactly these settings. Each part
 * checks its own values; a message names the option that sets the value.
 */
public record EvalSettings(
    @JsonUnwrapped Suite suite,
    @JsonUnwrapped Agent agent,
    @JsonUnwrapped Schedule schedule,
    @JsonUnwrapped PerRun perRun,
    @JsonUnwrapped Policy policy,
    @JsonUnwrapped Prepare prepare,
    @JsonUnwrapped Judging judging) {

  public EvalSettings {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(perRun, "perRun");
    Objects.requireNonNull(policy, "policy");
    prepare = prepare == null ? Prepare.DEFAULTS : prepare;
    judging = judging == null ? Judging.DEFAULT : judging;
  }

  /** The MCP servers' prepare steps as by default; answers judged, if asked, as by default. */
  public EvalSettings(Suite suite, Agent agent, Schedule schedule, PerRun perRun, Policy policy) {
    this(suite, agent, schedule, perRun, policy, Prepare.DEFAULTS, Judging.DEFAULT);
  }

  /** These prepare steps; answers judged, if asked, as by default. */
  public EvalSettings(
      Suite suite, Agent agent, Schedule schedule, PerRun perRun, Policy policy, Prepare prepare) {
    this(suite, agent, schedule, perRun, policy, prepare, Judging.DEFAULT);
  }

  /** This judge; the MCP servers' prepare steps as by default. */
  public EvalSettings(
      Suite suite, Agent agent, Schedule schedule, PerRun perRun, Policy policy, Judging judging) {
    this(suite, agent, schedule, perRun, policy, Prepare.DEFAULTS, judging);
  }

  /** The same settings with another judge (for {@code judge DIR}). */
  public EvalSettings withJudging(Judging judging) {
    return new EvalSettings(suite, agent, schedule, perRun, policy, prepare, judging);
  }

  /**
   * The same settings with the {@code --agent-env} values run.json masked taken from {@code
   * environment} ({@link Agent#withEnvironmentValues}).
   */
  public EvalSettings withAgentEnvironment(Map<String, String> environment) {
    return new EvalSettings(
        suite,
        agent.withEnvironmentValues(environment),
        schedule,
        perRun,
        policy,
        prepare,
        judging);
  }

  /** The same settings for another shard of the suite. */
  public EvalSettings withShard(Shard shard) {
    Suite s = suite;
    return new EvalSettings(
        new Suite(s.casesDir(), s.tags(), shard, s.mcpConfig(), s.variants(), s.strict()),
        agent,
        schedule,
        perRun,
        policy,
        prepare,
        judging);
  }

  /** The same settings with {@code maxCostUsd} as the money budget: {@code --resume --max-cost}. */
  public EvalSettings withMaxCost(double maxCostUsd) {
    return new EvalSettings(
        suite,
        agent,
        schedule,
        perRun,
        new Policy(
            policy.retries(),
            policy.failFast(),
            policy.maxDuration(),
            policy.minFreeMemoryBytes(),
            Optional.of(maxCostUsd)),
        prepare,
        judging);
  }

  /** The same settings at another concurrency. */
  public EvalSettings withParallel(int parallel) {
    return new EvalSettings(
        suite,
        agent,
        new Schedule(
            schedule.arms(), schedule.runs(), parallel, schedule.history(), schedule.autoRuns()),
        perRun,
        policy,
        prepare,
        judging);
  }

  /**
   * Which cases run, and where the arms' MCP servers come from.
   *
   * @param tags run only the cases with one of these tags (kept sorted); empty runs every case
   * @param shard the share of the (tag-selected) cases this run does; {@link Shard#ALL} for all
   * @param mcpConfig the MCP config of the with-MCP arm
   * @param variants named arms ({@code --variants}) instead of the default pair and {@code
   *     mcpConfig}
   * @param strict an answer key its pinned tree does not bear out stops the run before it starts
   *     ({@code --strict}); otherwise it is a warning
   */
  public record Suite(
      Path casesDir,
      List<String> tags,
      Shard shard,
      Path mcpConfig,
      Optional<Path> variants,
      boolean strict) {
    public Suite {
      Objects.requireNonNull(casesDir, "casesDir");
      tags = tags.stream().distinct().sorted().toList();
      Objects.requireNonNull(shard, "shard");
      Objects.requireNonNull(mcpConfig, "mcpConfig");
      Objects.requireNonNull(variants, "variants");
    }

    /** Missing answer keys are warnings. */
    public Suite(
        Path casesDir, List<String> tags, Shard shard, Path mcpConfig, Optional<Path> variants) {
      this(casesDir, tags, shard, mcpConfig, variants, false);
    }

    /** Every case in {@code casesDir}, with {@code mcp.json} beside them. */
    public Suite(Path casesDir) {
      this(casesDir, List.of(), Shard.ALL, casesDir.resolve("mcp.json"), Optional.empty());
    }
  }

  /**
   * The agent: the repository it answers questions about, and the agent CLI the default arms run (a
   * variant may name its own).
   *
   * @param claude the Claude Code executable ({@code --claude}), a path or a name on {@code PATH}
   * @param agent the default arms' agent ({@code --agent}): one of {@link AgentSpec#AGENTS}
   * @param agentCommand that agent's executable ({@code --agent-command}); for Claude Code it wins
   *     over {@code claude}
   * @param repoCache where the cached clones of pinned repositories are ({@code --repo-cache});
   *     empty for the default ({@code $XDG_CACHE_HOME/repo-search-eval/repos})
   * @param repoGiven whether {@code --repo} was given: without it, a suite whose cases name their
   *     repositories may not leave one out
   * @param agentArgs arguments for that agent ({@code --agent-args}), as a variant's {@code args}
   * @param agentEnv variables for that agent ({@code --agent-env}), as a variant's {@code env}:
   *     run.json records their names only, each value {@value Secrets#MASK} ({@link
   *     #withEnvironmentValues} takes them from the environment again on {@code --resume})
   */
  public record Agent(
      Path repo,
      String claude,
      String agent,
      Optional<String> agentCommand,
      Optional<Path> repoCache,
      boolean repoGiven,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> agentArgs,
      @JsonInclude(JsonInclude.Include.NON_EMPTY)
          @JsonSerialize(using = AgentEnvironment.MaskedValues.class)
          Map<String, String> agentEnv) {
    public Agent {
      agentArgs = agentArgs == null ? List.of() : List.copyOf(agentArgs);
      agentEnv = AgentEnvironment.checked(agentEnv);
      repoCache = repoCache == null ? Optional.empty() : repoCache;
      Objects.requireNonNull(repo, "repo");
      Objects.requireNonNull(claude, "claude");
      // run.json written before agents were a choice holds neither: Claude Code ran.
      agent = agent == null ? AgentSpec.CLAUDE : agent;
      if (!AgentSpec.AGENTS.contains(agent)) {
        throw new IllegalArgumentException(
            "--agent: unknown agent '"
                + agent
                + "'; one of "
                + String.join(", ", AgentSpec.AGENTS));
      }
      agentCommand = agentCommand == null ? Optional.empty() : agentCommand;
    }

    /** Nothing extra for the agent. */
    public Agent(
        Path repo,
        String claude,
        String agent,
        Optional<String> agentCommand,
        Optional<Path> repoCache,
        boolean repoGiven) {
      this(repo, claude, agent, agentCommand, repoCache, repoGiven, List.of(), Map.of());
    }

    /**
     * These settings with each {@code --agent-env} value that run.json recorded masked taken from
     * {@code environment}, where it must be set.
     */
    public Agent withEnvironmentValues(Map<String, String> environment) {
      Map<String, String> env = AgentEnvironment.unmasked(agentEnv, environment);
      return new Agent(repo, claude, agent, agentCommand, repoCache, repoGiven, agentArgs, env);
    }

    /**
     * The binary each agent starts as where the user named one for all of its arms: {@code
     * --claude} for Claude Code; the others start under their own names unless an arm says.
     */
    public Binaries binaries() {
      return Binaries.of(AgentSpec.CLAUDE, claude);
    }

    /** Claude Code as {@code claude}. */
    public Agent(Path repo, String claude) {
      this(repo, claude, AgentSpec.CLAUDE, Optional.empty());
    }

    /** {@code --repo} given, the default clone cache. */
    public Agent(Path repo, String claude, String agent, Optional<String> agentCommand) {
      this(repo, claude, agent, agentCommand, Optional.empty(), true);
    }

    /** The agent the default arms, and variants that name none, run. */
    public AgentSpec defaultAgent() {
      return new AgentSpec(
          agent,
          AgentSpec.CLAUDE.equals(agent) ? Optional.of(agentCommand.orElse(claude)) : agentCommand,
          agentArgs,
          agentEnv);
    }
  }

  /**
   * How the MCP servers' {@code prepare} steps run (an index built per checkout before the runs).
   *
   * @param prepareTimeout each step's time limit ({@code --prepare-timeout})
   * @param noPrepareCache prepare every checkout afresh instead of reusing one prepared before and
   *     kept in the clone cache ({@code --no-prepare-cache})
   */
  public record Prepare(Duration prepareTimeout, boolean noPrepareCache) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final Prepare DEFAULTS = new Prepare(DEFAULT_TIMEOUT, false);

    public Prepare {
      // run.json written before prepare steps existed holds neither.
      prepareTimeout = prepareTimeout == null ? DEFAULT_TIMEOUT : prepareTimeout;
      if (prepareTimeout.isNegative() || prepareTimeout.isZero()) {
        throw new IllegalArgumentException(
            "--prepare-timeout must be positive, got " + prepareTimeout);
      }
    }
  }

  /**
   * Who grades the answers of cases that ask for a judged answer ({@code expect.rubric}, {@code
   * expect.reference}).
   *
   * @param judge {@code AGENT[:MODEL]} ({@code --judge}); empty for the variants file's {@code
   *     judge}, else Claude Code with its default model
   * @param judgeRuns votes per answer ({@code --judge-runs}); the majority is the verdict
   */
  public record Judging(Optional<String> judge, int judgeRuns) {
    public static final Judging DEFAULT = new Judging(Optional.empty(), 1);

    public Judging {
      // run.json written before judges existed holds neither.
      judge = judge == null ? Optional.empty() : judge;
      judgeRuns = judgeRuns == 0 ? 1 : judgeRuns;
      if (judgeRuns < 1) {
        throw new IllegalArgumentException("--judge-runs must be at least 1, got " + judgeRuns);
      }
      judge.ifPresent(org.reposearcheval.evals.suite.JudgeSpec::parse);
    }
  }
}
