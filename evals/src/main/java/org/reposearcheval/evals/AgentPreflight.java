package org.reposearcheval.evals;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentClis;
import org.reposearcheval.evals.agent.AgentVersion;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * What {@link Preflight} checks of the arms' agents: each answers {@code --version} and can
 * authenticate (asked on a thread of its own while the cases load), and {@code --max-cost-per-run}
 * is only given where every arm's agent can cap a run.
 */
final class AgentPreflight {
  private AgentPreflight() {}

  /** {@link #agentVersions}, asked on a virtual thread of its own; {@link #await} its answer. */
  static CompletableFuture<Map<String, String>> versionsAsked(
      EvalSettings settings, List<Arm> arms, Path repo, Map<String, String> environment) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return agentVersions(settings, arms, repo, environment);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        Thread.ofVirtual().name("agent-versions")::start);
  }

  /** The versions, or the reason they could not be had, as {@link #agentVersions} throws it. */
  static Map<String, String> await(CompletableFuture<Map<String, String>> versions)
      throws IOException {
    try {
      // Each --version has its own timeout; this bound only keeps the wait a bounded one.
      return versions.get(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while asking the agents' versions");
    } catch (TimeoutException e) {
      throw new IOException("the agents did not say their versions within 10 minutes", e);
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case UncheckedIOException io -> throw io.getCause();
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        default -> throw new IOException(e.getCause());
      }
    }
  }

  /**
   * {@code --max-cost-per-run} only where every arm's agent can cap a run's cost: a cap silently
   * left out for one arm would let its runs spend what the other arm's may not.
   */
  static void requireCostCap(EvalSettings settings, List<Arm> arms) {
    if (settings.perRun().maxCostPerRunUsd().isEmpty()) {
      return;
    }
    for (Arm arm : arms) {
      AgentCli cli = AgentClis.named(arm.agent().agent()).orElse(null);
      if (cli != null && cli.costCapOption().isEmpty()) {
        throw new InvalidInputException(
            "--max-cost-per-run: arm "
                + arm.name()
                + " runs "
                + cli.displayName()
                + ", which has no cap on what one run may spend (only Claude Code has one,"
                + " --max-budget-usd); leave --max-cost-per-run out or run that arm without it");
      }
    }
  }

  /**
   * Each agent of the arms answering {@code --version}, and able to authenticate: the first that
   * cannot is one clear error naming what to set.
   */
  static Map<String, String> agentVersions(
      EvalSettings settings, List<Arm> arms, Path repo, Map<String, String> environment)
      throws IOException {
    Map<String, String> versions = new LinkedHashMap<>();
    Set<String> checked = new HashSet<>();
    for (Arm arm : arms) {
      AgentSpec spec = arm.agent();
      AgentCli cli =
          AgentClis.named(spec.agent())
              .orElseThrow(() -> new InvalidInputException("no adapter for " + spec.agent()));
      String command = settings.agent().binaries().of(cli, spec);
      Map<String, String> env = new HashMap<>(environment);
      env.putAll(spec.env());
      if (!checked.add(spec.agent() + "\0" + command)) {
        continue;
      }
      cli.missingAuth(env, spec.args())
          .ifPresent(
              why -> {
                throw new InvalidInputException("arm " + arm.name() + ": " + why);
              });
      String option =
          !spec.equals(settings.agent().defaultAgent())
              ? "variant " + arm.name() + " (" + cli.displayName() + ")"
              : settings.agent().agentCommand().isPresent()
                  ? "--agent-command"
                  : spec.isClaude() ? "--claude" : "--agent " + spec.agent();
      versions.putIfAbsent(spec.agent(), AgentVersion.of(cli, command, option, repo, env));
    }
    return versions;
  }
}
