package org.reposearcheval.evals;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.reposearcheval.evals.checkout.AnswerKeys;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.CaseLoader;
import org.reposearcheval.evals.suite.CaseTree;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.ServerManifest;
import org.reposearcheval.evals.suite.SuiteFile;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.suite.Variants;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * Everything checked before any run starts, each failure one clear {@link InvalidInputException}:
 * the cases, the MCP config, the repository, the agent answering {@code --version}, the output
 * directory.
 */
public final class Preflight {
  /**
   * The checked suite: cases in id order, the arms they run in, and its {@code suite.json} ({@link
   * SuiteFile#NONE} when it has none).
   */
  public record Checked(List<TestCase> cases, List<Arm> arms, SuiteFile suiteFile) {
    public Checked(List<TestCase> cases, List<Arm> arms) {
      this(cases, arms, SuiteFile.NONE);
    }
  }

  /**
   * What a run starts from: the checked suite (its pinned cases' fingerprints covering their
   * commits), the version each of its agents answered, by agent name in the arms' order, the tree
   * each case is asked about, and what each arm's MCP servers answered the harness ({@link
   * McpHandshake}), by arm.
   */
  record Input(
      Checked suite,
      Map<String, String> agentVersions,
      CaseTrees trees,
      Map<String, List<ServerManifest>> mcpManifest) {
    /** Claude Code's version, or null when no arm runs it. */
    String claudeCodeVersion() {
      return agentVersions.get(AgentSpec.CLAUDE);
    }
  }

  private Preflight() {}

  /**
   * Loads and checks the cases (only those with one of the suite's tags, when it has any) and the
   * arms: the named variants when a variants file is given, else {@code arms}, with the MCP config
   * when the with-MCP arm runs.
   */
  public static Checked suite(EvalSettings.Suite suite, List<String> arms) {
    return suite(suite, arms, AgentSpec.DEFAULT);
  }

  /** As {@link #suite(EvalSettings.Suite, List)}, the default arms run by {@code agent}. */
  public static Checked suite(EvalSettings.Suite suite, List<String> arms, AgentSpec agent) {
    CaseLoader.Suite loaded = cases(suite);
    return new Checked(loaded.cases(), arms(suite, arms, agent), loaded.settings());
  }

  /** The suite's cases: only those with one of its tags, when it has any. */
  private static CaseLoader.Suite cases(EvalSettings.Suite suite) {
    CaseLoader.Suite loaded = CaseLoader.loadSuite(suite.casesDir());
    List<TestCase> cases = loaded.cases();
    List<String> tags = suite.tags();
    if (!tags.isEmpty()) {
      cases = cases.stream().filter(c -> c.tags().stream().anyMatch(tags::contains)).toList();
      if (cases.isEmpty()) {
        throw new InvalidInputException(
            suite.casesDir() + ": no case has any of the tags " + String.join(", ", tags));
      }
    }
    return new CaseLoader.Suite(loaded.settings(), cases);
  }

  /** The named variants when a variants file is given, else {@code arms} run by {@code agent}. */
  private static List<Arm> arms(EvalSettings.Suite suite, List<String> arms, AgentSpec agent) {
    if (suite.variants().isPresent()) {
      return Variants.load(suite.variants().get(), agent).arms();
    }
    List<Arm> checked = new ArrayList<>();
    for (String arm : arms) {
      checked.add(
          switch (arm) {
            case Arm.WITH_MCP -> Arm.withMcp(McpConfig.load(suite.mcpConfig()), agent);
            case Arm.WITHOUT_MCP -> Arm.withoutMcp(agent);
            case Arm.NO_REPO -> Arm.noRepo(agent);
            default -> throw new InvalidInputException("unknown mode '" + arm + "'");
          });
    }
    return checked;
  }

  /**
   * The suite, the repository, and the agent answering {@code --version}. The agents are asked
   * while the cases load: a Node.js CLI takes a few hundred milliseconds to say its version, and
   * thousands of case files take as long to read.
   */
  static Input check(EvalSettings settings, Map<String, String> environment) throws IOException {
    List<Arm> arms =
        arms(settings.suite(), settings.schedule().arms(), settings.agent().defaultAgent());
    AgentPreflight.requireCostCap(settings, arms);
    Path repo = settings.agent().repo();
    CompletableFuture<Map<String, String>> versions =
        Files.isDirectory(repo)
            ? AgentPreflight.versionsAsked(settings, arms, repo, environment)
            : null;
    CaseLoader.Suite loaded = cases(settings.suite());
    if (versions == null) {
      throw new InvalidInputException(repo + ": repository directory does not exist");
    }
    CaseTrees trees = CaseTrees.resolve(settings, loaded.settings(), loaded.cases(), environment);
    Map<String, List<ServerManifest>> manifest =
        mcpManifest(arms, repo, loaded.cases(), environment);
    return new Input(
        new Checked(trees.fingerprinted(loaded.cases()), arms, loaded.settings()),
        AgentPreflight.await(versions),
        trees,
        manifest);
  }

  /**
   * What each arm's MCP servers answered the harness itself ({@link McpHandshake}), by arm; arms
   * with the same MCP config file and environment ask once. A server that does not answer is an
   * {@link InvalidInputException} naming the arm and the server, with the server's own error,
   * before any agent starts. {@code ${REPO}} is {@code repo}, {@code ${CASE_ID}} the first case's
   * id, also when cases are pinned to other repositories or commits: their checkouts are made after
   * preflight, so each distinct config and environment is asked once, in {@code repo}, not once per
   * checkout.
   */
  static Map<String, List<ServerManifest>> mcpManifest(
      List<Arm> arms, Path repo, List<TestCase> cases, Map<String, String> environment)
      throws IOException {
    Map<String, List<ServerManifest>> byArm = new LinkedHashMap<>();
    Map<List<Object>, List<ServerManifest>> asked = new HashMap<>();
    Map<String, String> placeholders =
        Map.of(
            "REPO",
            repo.toAbsolutePath().normalize().toString(),
            "CASE_ID",
            cases.isEmpty() ? "" : cases.getFirst().id());
    for (Arm arm : arms) {
      if (arm.mcpConfig().isEmpty()) {
        continue;
      }
      McpConfig config = arm.mcpConfig().get();
      List<Object> key = List.of(config.file(), arm.agent().env());
      List<ServerManifest> answered = asked.get(key);
      if (answered == null) {
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(arm.agent().env());
        try {
          answered = McpHandshake.check(config, placeholders, env, repo);
        } catch (InvalidInputException e) {
          throw new InvalidInputException("arm " + arm.name() + ": " + e.getMessage());
        }
        asked.put(key, answered);
      }
      byArm.put(arm.name(), answered);
    }
    return byArm;
  }

  /**
   * What {@code validate} found: the suite, each case's tree, the answer keys of the pinned cases
   * that their trees do not hold, and what each arm's MCP servers answered (empty when not asked).
   */
  public record Validated(
      Checked suite,
      Map<String, CaseTree> trees,
      List<AnswerKeys.Missing> missingKeys,
      org.reposearcheval.evals.suite.JudgeSpec judge,
      Map<String, List<ServerManifest>> mcpManifest) {
    /** How many of the cases ask for a judged answer ({@code expect.rubric}, {@code reference}). */
    public long judgedCases() {
      return suite.cases().stream().filter(c -> c.expect().judged().asked()).count();
    }

    /** How many distinct pinned trees the cases were checked against. */
    public long pinnedTrees() {
      return trees.values().stream()
          .filter(CaseTree::pinned)
          .map(CaseTree::commit)
          .distinct()
          .count();
    }

    public long pinnedCases() {
      return trees.values().stream().filter(CaseTree::pinned).count();
    }
  }

  /**
   * Checks the suite without running anything: the cases, the arms, each pinned case's commit (in
   * the clone cache), each pinned case's answer keys against a checkout of its tree, made in the
   * temp directory and removed again, and, when {@code askServers}, every arm's MCP servers as a
   * run asks them ({@link #mcpManifest}). Interrupted, the checkouts are removed too.
   */
  public static Validated validate(
      EvalSettings settings, Map<String, String> environment, boolean askServers)
      throws IOException {
    Checked suite = suite(settings);
    // --judge, else the variants file's: an unknown agent is an error before anything is checked.
    org.reposearcheval.evals.suite.JudgeSpec judge;
    try {
      judge = Judges.spec(settings);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
    // A config an arm's agent cannot take is said before any server is started for it.
    McpTranslations.check(settings, suite.cases(), suite.arms(), environment);
    Map<String, List<ServerManifest>> manifest =
        askServers
            ? mcpManifest(suite.arms(), settings.agent().repo(), suite.cases(), environment)
            : Map.of();
    CaseTrees trees = CaseTrees.resolve(settings, suite.suiteFile(), suite.cases(), environment);
    List<Path> privatePaths = List.of(settings.suite().casesDir());
    try (org.reposearcheval.evals.checkout.Checkouts checkouts =
        trees.checkOut(
            settings,
            suite.cases(),
            privatePaths,
            environment,
            org.reposearcheval.evals.run.RunListener.NONE)) {
      return new Validated(
          suite,
          trees.byCase(),
          trees.missingKeys(checkouts, suite.cases(), privatePaths),
          judge,
          manifest);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while checking out the cases' trees");
    }
  }

  /** The suite with the default arms run by {@code --agent}. */
  static Checked suite(EvalSettings settings) {
    Checked checked =
        suite(settings.suite(), settings.schedule().arms(), settings.agent().defaultAgent());
    AgentPreflight.requireCostCap(settings, checked.arms());
    return checked;
  }

  /** A fresh run directory: never one that already holds a run, whose results would mix. */
  static void freshOutput(Path dir) {
    if (Files.exists(dir.resolve(ReportWriter.JSON)) || Files.exists(dir.resolve("transcripts"))) {
      throw new InvalidInputException(
          dir + ": --output already holds a run; choose another directory");
    }
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new InvalidInputException(dir + ": --output is not a writable directory: " + e);
    }
  }
}
