package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.agent.Workspace;
import org.reposearcheval.evals.checkout.AnswerKeys;
import org.reposearcheval.evals.checkout.Checkouts;
import org.reposearcheval.evals.checkout.PreparedCheckouts;
import org.reposearcheval.evals.checkout.RepoCache;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Secrets;

/**
 * The trees an evaluation's agents work in, and what they must not see there: the checkouts of the
 * pinned cases with their answer keys checked, those prepared for MCP servers with a prepare step,
 * the copy of {@code --repo} for the unpinned ones, and the places whose files give the answers
 * away.
 */
final class RunTrees {
  private final EvalSettings settings;
  private final Path dir;
  private final Map<String, String> environment;

  RunTrees(EvalSettings settings, Path dir, Map<String, String> environment) {
    this.settings = settings;
    this.dir = dir;
    this.environment = environment;
  }

  /**
   * The checkouts of the pinned cases (and an empty directory for an arm without the repository),
   * their answer keys checked: with {@code --strict} a key its tree does not hold stops the run,
   * else it is a warning.
   */
  Checkouts checkOut(
      Preflight.Input input, List<Path> privatePaths, List<String> warnings, RunListener listener)
      throws IOException, InterruptedException {
    List<TestCase> cases = settings.suite().shard().select(input.suite().cases());
    input.trees().requirePinnedFor(input.suite().arms(), cases);
    Checkouts checkouts =
        input.trees().checkOut(settings, cases, privatePaths, environment, listener);
    try {
      List<AnswerKeys.Missing> missing = input.trees().missingKeys(checkouts, cases, privatePaths);
      if (!missing.isEmpty()) {
        String message =
            missing.size()
                + " answer keys are not in their cases' trees (list a key the answer derives"
                + " in the case's \"derived\"):"
                + CaseTrees.describe(missing);
        if (settings.suite().strict()) {
          throw new InvalidInputException(message);
        }
        warnings.add(message);
      }
      return checkouts;
    } catch (IOException | RuntimeException e) {
      checkouts.close();
      throw e;
    }
  }

  /**
   * The checkouts prepared for MCP servers with a prepare step: their output in {@code prepare/} of
   * the run directory, each kept in the clone cache for the next run that needs it.
   */
  PreparedCheckouts prepared(Checkouts checkouts, Secrets secrets, RunListener listener) {
    return new PreparedCheckouts(
        checkouts,
        CaseTrees.cache(settings, environment),
        new PreparedCheckouts.Settings(
            settings.prepare().prepareTimeout(),
            settings.prepare().noPrepareCache(),
            Optional.of(
                settings.agent().repoCache().orElseGet(() -> RepoCache.defaultDir(environment))),
            dir.resolve("prepare")),
        environment,
        secrets,
        listener::prepared);
  }

  /**
   * {@code --repo}, or its copy without the answers, for the unpinned cases; when every case is
   * pinned, no copy is made (the repository is then only where the agents' versions are asked).
   */
  Workspace unpinnedWorkspace(Preflight.Input input, List<Path> privatePaths) throws IOException {
    boolean anyUnpinned = input.trees().byCase().values().stream().anyMatch(t -> !t.pinned());
    return anyUnpinned
        ? Workspace.prepare(settings.agent().repo(), privatePaths)
        : Workspace.prepare(settings.agent().repo(), List.of());
  }

  /**
   * Places whose files give the answers away: the cases, this run's output and, in the default
   * layout, earlier runs' output beside it in {@code eval-results}.
   */
  List<Path> answersIn() {
    Path output = dir.toAbsolutePath().normalize();
    List<Path> paths = new ArrayList<>(List.of(settings.suite().casesDir(), output));
    Path parent = output.getParent();
    if (parent != null
        && parent.getFileName() != null
        && parent.getFileName().toString().equals("eval-results")) {
      paths.add(parent);
    }
    return paths;
  }
}
