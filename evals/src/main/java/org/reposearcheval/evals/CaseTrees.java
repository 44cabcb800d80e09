package org.reposearcheval.evals;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.agent.WorkDirs;
import org.reposearcheval.evals.checkout.AnswerKeys;
import org.reposearcheval.evals.checkout.Checkout;
import org.reposearcheval.evals.checkout.Checkouts;
import org.reposearcheval.evals.checkout.PreparedCheckouts;
import org.reposearcheval.evals.checkout.RepoCache;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.CaseTree;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.SuiteFile;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * Which tree each case is asked about: its pinned commit resolved in the clone cache before
 * anything runs (a commit or repository that cannot be had stops the evaluation, naming the fix),
 * the checkouts made from them, and the proof that each answer key is true of its tree.
 */
final class CaseTrees {
  /** At most this many checkouts are made at once: git is mostly disk. */
  private static final int CHECKOUTS_AT_ONCE = 4;

  private final Map<String, CaseTree> byCase;
  private final boolean git;

  private CaseTrees(Map<String, CaseTree> byCase, boolean git) {
    this.byCase = byCase;
    this.git = git;
  }

  /** Every case's tree: the pinned ones resolved in {@code settings}' clone cache. */
  static CaseTrees resolve(
      EvalSettings settings, SuiteFile suite, List<TestCase> cases, Map<String, String> environment)
      throws IOException {
    EvalSettings.Agent agent = settings.agent();
    String repoOption = agent.repo().toAbsolutePath().normalize().toString();
    boolean anyNamesRepo = cases.stream().anyMatch(c -> c.pin().repo().isPresent());
    List<String> orphans = new ArrayList<>();
    for (TestCase testCase : cases) {
      if (testCase.pin().repo().isEmpty()
          && !agent.repoGiven()
          && (anyNamesRepo || testCase.pin().pinned())) {
        orphans.add(testCase.source().toString());
      }
    }
    if (!orphans.isEmpty()) {
      throw new InvalidInputException(
          "these cases name no repo, and neither does "
              + settings.suite().casesDir().resolve(SuiteFile.NAME)
              + " or --repo: "
              + String.join(", ", orphans)
              + "; give each a \"repo\", give suite.json one, or pass --repo DIR");
    }
    RepoCache cache = cache(settings, environment);
    Map<String, CaseTree> resolved = new LinkedHashMap<>();
    Map<String, CaseTree> byCase = new LinkedHashMap<>();
    try {
      for (TestCase testCase : cases) {
        String repo = testCase.pin().repo().orElse(repoOption);
        Optional<String> ref = testCase.pin().commit();
        if (ref.isEmpty()) {
          byCase.put(testCase.id(), new CaseTree(repo, null, null, null));
          continue;
        }
        CaseTree tree = resolved.get(repo + "\0" + ref.get());
        if (tree == null) {
          try {
            RepoCache.Resolved r = cache.resolve(repo, ref.get());
            tree = new CaseTree(repo, ref.get(), r.commit(), r.tree());
          } catch (InvalidInputException e) {
            throw new InvalidInputException(testCase.source(), "commit", e.getMessage());
          }
          resolved.put(repo + "\0" + ref.get(), tree);
        }
        byCase.put(testCase.id(), tree);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while resolving the cases' commits");
    }
    return new CaseTrees(byCase, suite.git());
  }

  static RepoCache cache(EvalSettings settings, Map<String, String> environment) {
    return new RepoCache(
        settings.agent().repoCache().orElseGet(() -> RepoCache.defaultDir(environment)),
        environment);
  }

  /** The cases with fingerprints that also cover their commits. */
  List<TestCase> fingerprinted(List<TestCase> cases) {
    return cases.stream()
        .map(
            c -> {
              CaseTree tree = byCase.get(c.id());
              return tree != null && tree.pinned()
                  ? c.withFingerprint(c.fingerprint().withCommit(tree.commit()))
                  : c;
            })
        .toList();
  }

  /** Each case's tree by case id, in case order. */
  Map<String, CaseTree> byCase() {
    return byCase;
  }

  boolean anyPinned() {
    return byCase.values().stream().anyMatch(CaseTree::pinned);
  }

  /** The checkout {@code testCase} needs, hiding {@code private paths} inside a local repo. */
  Optional<Checkouts.Tree> treeOf(TestCase testCase, List<Path> privatePaths) {
    CaseTree tree = byCase.get(testCase.id());
    if (tree == null || !tree.pinned()) {
      return Optional.empty();
    }
    return Optional.of(
        new Checkouts.Tree(tree.repo(), tree.commit(), git, hidden(tree, privatePaths)));
  }

  /** {@code privatePaths} that lie inside the local repository of {@code tree}, relative to it. */
  private static List<String> hidden(CaseTree tree, List<Path> privatePaths) {
    if (org.reposearcheval.evals.suite.Pin.isUrl(tree.repo())) {
      return List.of();
    }
    Path root = real(Path.of(tree.repo()));
    List<String> hidden = new ArrayList<>();
    for (Path path : privatePaths) {
      Path p = real(path);
      if (p.startsWith(root) && !p.equals(root)) {
        hidden.add(root.relativize(p).toString());
      }
    }
    return hidden.stream().distinct().sorted().toList();
  }

  private static Path real(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    try {
      return absolute.toRealPath();
    } catch (IOException e) {
      Path parent = absolute.getParent();
      return parent == null ? absolute : real(parent).resolve(absolute.getFileName());
    }
  }

  /** Makes the checkouts of {@code cases} (none when none is pinned), telling {@code listener}. */
  Checkouts checkOut(
      EvalSettings settings,
      List<TestCase> cases,
      List<Path> privatePaths,
      Map<String, String> environment,
      RunListener listener)
      throws IOException, InterruptedException {
    List<Checkouts.Tree> trees =
        cases.stream().flatMap(c -> treeOf(c, privatePaths).stream()).distinct().toList();
    return Checkouts.make(
        cache(settings, environment),
        trees,
        CHECKOUTS_AT_ONCE,
        (tree, done, total, took) ->
            listener.checkedOut(tree.toString(), done, total, took.toMillis()));
  }

  /** Every answer key of the pinned {@code cases} that its tree does not bear out. */
  List<AnswerKeys.Missing> missingKeys(
      Checkouts checkouts, List<TestCase> cases, List<Path> privatePaths) throws IOException {
    Map<Checkouts.Tree, List<TestCase>> byTree = new LinkedHashMap<>();
    for (TestCase testCase : cases) {
      treeOf(testCase, privatePaths)
          .ifPresent(t -> byTree.computeIfAbsent(t, k -> new ArrayList<>()).add(testCase));
    }
    List<AnswerKeys.Missing> missing = new ArrayList<>();
    for (var entry : byTree.entrySet()) {
      missing.addAll(AnswerKeys.check(checkouts.get(entry.getKey()).dir(), entry.getValue()));
    }
    return missing;
  }

  /**
   * Where each run works: an arm without the repository in an empty directory, a pinned case in its
   * checkout (watched for changes), any other in {@code unpinned} (the repository or its copy).
   */
  WorkDirs workDirs(
      Checkouts checkouts, PreparedCheckouts prepared, Path unpinned, List<Path> privatePaths) {
    return job -> {
      if (job.arm().withoutRepo()) {
        return lease(checkouts.empty());
      }
      Optional<Checkouts.Tree> tree = treeOf(job.testCase(), privatePaths);
      if (tree.isEmpty()) {
        return WorkDirs.in(unpinned).lease(job);
      }
      Optional<McpConfig> mcp = job.arm().mcpConfig().filter(McpConfig::hasPrepare);
      try {
        // An arm whose servers prepare the tree works in a checkout of its own: no other arm sees
        // what the prepare steps wrote.
        return lease(
            mcp.isPresent()
                ? prepared.checkout(tree.get(), mcp.get(), job.arm().name())
                : checkouts.get(tree.get()));
      } catch (PreparedCheckouts.Failed e) {
        throw new WorkDirs.NotPrepared(e.getMessage());
      }
    };
  }

  /**
   * Prepare steps run in checkouts: an arm whose servers have one needs every case pinned (an
   * unpinned case's agents share {@code --repo} or its copy with the baseline).
   */
  void requirePinnedFor(List<Arm> arms, List<TestCase> cases) {
    List<String> preparing =
        arms.stream()
            .filter(a -> a.mcpConfig().map(McpConfig::hasPrepare).orElse(false))
            .map(Arm::name)
            .toList();
    List<String> unpinned =
        cases.stream()
            .filter(c -> byCase.get(c.id()) == null || !byCase.get(c.id()).pinned())
            .map(c -> c.source().toString())
            .toList();
    if (!preparing.isEmpty() && !unpinned.isEmpty()) {
      throw new InvalidInputException(
          "the MCP servers of "
              + String.join(", ", preparing)
              + " have a prepare step, which runs in a checkout of a pinned commit, but these"
              + " cases are not pinned: "
              + String.join(", ", unpinned)
              + "; pin them (suite.json's or the case's \"commit\")");
    }
  }

  private static WorkDirs.Lease lease(Checkout checkout) throws IOException, InterruptedException {
    Checkout.Lease lease;
    try {
      lease = checkout.lease();
    } catch (PreparedCheckouts.Failed e) {
      // Made again after a run changed it, and its prepare step failed this time.
      throw new WorkDirs.NotPrepared(e.getMessage());
    }
    return new WorkDirs.Lease() {
      @Override
      public Path dir() {
        return lease.dir();
      }

      @Override
      public List<String> changed() {
        return lease.changed();
      }

      @Override
      public void close() {
        lease.close();
      }
    };
  }

  /** The missing keys as one message: per case, the file, the field and the value. */
  static String describe(List<AnswerKeys.Missing> missing) {
    StringBuilder text = new StringBuilder();
    for (AnswerKeys.Missing m : missing) {
      text.append("\n  ").append(m.caseId()).append(": ").append(m);
    }
    return text.toString();
  }
}
