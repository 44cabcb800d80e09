package org.reposearcheval.evals.judge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentClis;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.agent.AgentVersion;
import org.reposearcheval.evals.agent.Binaries;
import org.reposearcheval.evals.agent.WorkDirs;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.Judgement;
import org.reposearcheval.evals.run.Retries;
import org.reposearcheval.evals.run.Retrying;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Slot;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.JudgeSpec;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.suite.ToolExpectations;
import org.reposearcheval.evals.util.FileTrees;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * Grades answers: asks the judge {@code runs} times for each (the votes the cache holds first),
 * each run an agent run like an arm's ({@link AgentSolver}: private home, timeout, {@link Retrying}
 * on 429 and 529, the process tree killed, cost and tokens read), in an empty directory, with no
 * MCP server and no tools at all (each agent's adapter takes them away: {@link
 * AgentOptions#noTools()}). A reply that is not the verdict JSON is asked once more; the majority
 * of the votes is the verdict, and no majority is an error. Closing it removes the judge's homes
 * and its empty directory.
 */
public final class Judge implements AutoCloseable {
  /** The judge's runs' transcripts are under {@code transcripts/judge/}. */
  public static final String ARM = "judge";

  /** Expects nothing of the judge's answer: the reply is read here, not scored. */
  private static final Expectations NOTHING =
      new Expectations(List.of(), List.of(), List.of(), List.of(), ToolExpectations.NONE);

  /**
   * Where the judge's runs come from.
   *
   * @param spec the agent and model
   * @param runs votes per answer
   * @param command the agent's binary; empty for the one {@code --claude} or its usual name gives
   * @param timeout per judge run
   */
  public record Settings(JudgeSpec spec, int runs, Optional<String> command, Duration timeout) {
    public Settings {
      if (runs < 1) {
        throw new IllegalArgumentException("--judge-runs must be at least 1, got " + runs);
      }
    }
  }

  private final Settings settings;
  private final String version;
  private final JudgePrompt prompt;
  private final Arm arm;
  private final Path emptyDir;
  private final AgentSolver solver;
  private final Solver asking;
  private final JudgeCache cache;

  private Judge(
      Settings settings,
      String version,
      JudgePrompt prompt,
      Arm arm,
      Path emptyDir,
      AgentSolver solver,
      Solver asking,
      JudgeCache cache) {
    this.settings = settings;
    this.version = version;
    this.prompt = prompt;
    this.arm = arm;
    this.emptyDir = emptyDir;
    this.solver = solver;
    this.asking = asking;
    this.cache = cache;
  }

  /**
   * A judge writing its transcripts and its cache into run directory {@code dir}; its agent asked
   * for its version first, so a judge that cannot start stops the run before any arm's agent does.
   */
  public static Judge open(
      Settings settings,
      Path dir,
      Map<String, String> environment,
      Retries retries,
      Binaries binaries)
      throws IOException {
    AgentSpec agent = agent(settings);
    AgentCli cli = AgentClis.named(agent.agent()).orElseThrow();
    cli.missingAuth(environment)
        .ifPresent(
            why -> {
              throw new InvalidInputException("--judge " + settings.spec() + ": " + why);
            });
    Path emptyDir = Files.createTempDirectory("repo-search-eval-judge-");
    try {
      String version =
          AgentVersion.of(
              cli, binaries.of(cli, agent), "--judge " + settings.spec(), emptyDir, environment);
      AgentSolver solver =
          new AgentSolver(
              options(settings, binaries, emptyDir), dir, environment, WorkDirs.in(emptyDir));
      return new Judge(
          settings,
          version,
          JudgePrompt.standard(),
          arm(settings),
          emptyDir,
          solver,
          new Retrying(solver, retries, dir),
          JudgeCache.open(dir));
    } catch (IOException | RuntimeException e) {
      FileTrees.delete(emptyDir);
      throw e;
    }
  }

  /** The judge's agent: its binary, no arguments or environment of an arm's. */
  static AgentSpec agent(Settings settings) {
    return new AgentSpec(settings.spec().agent(), settings.command(), List.of(), Map.of());
  }

  /** The arm the judge's runs are: no repository, no MCP server, the judge's model. */
  static Arm arm(Settings settings) {
    return new Arm(ARM, Optional.empty(), settings.spec().model(), agent(settings), true);
  }

  /** Every judge run in {@code emptyDir}, offered no tools. */
  static AgentOptions options(Settings settings, Binaries binaries, Path emptyDir) {
    return new AgentOptions(
        binaries,
        emptyDir,
        Optional.empty(),
        Optional.empty(),
        settings.timeout(),
        Optional.empty(),
        true);
  }

  /** A judge run's question: the judge's prompt, expecting nothing (the reply is read here). */
  static TestCase question(String id, String text) {
    return new TestCase(id, text, NOTHING, List.of(), Optional.empty(), null, null);
  }

  /** {@code AGENT[:MODEL]}. */
  public JudgeSpec spec() {
    return settings.spec();
  }

  /** The judge agent's version, as it printed it: {@code 2.1.328}. */
  public String version() {
    return version;
  }

  /** The template's SHA-256. */
  public String template() {
    return prompt.sha256();
  }

  /**
   * The key the votes on {@code answer} are cached under: the SHA-256 of the template, the judge,
   * the question, the rubric, the reference and the answer.
   */
  String key(TestCase testCase, String answer) {
    Expectations.Judged judged = testCase.expect().judged();
    return JudgePrompt.sha256(
        String.join(
            "\0",
            prompt.sha256(),
            settings.spec().toString(),
            testCase.prompt(),
            String.valueOf(judged.rubric()),
            String.valueOf(judged.reference()),
            answer));
  }

  /**
   * Grades {@code answer}, the answer of run {@code label} ({@code <case>.<arm>-<run>}, which names
   * its transcripts and is never shown to the judge), taking {@code slot} for each judge run and
   * giving it up when that run's agent has ended. {@code strings}: what the case's string
   * expectations said of the answer. Empty when stopped (Ctrl-C, {@code --max-duration}, fail-fast)
   * before the votes were in.
   */
  public Optional<Judgement> judge(
      TestCase testCase, String answer, String strings, String label, Slot slot) {
    String key = key(testCase, answer);
    List<Judgement.Vote> votes = new ArrayList<>();
    cache.votes(key, settings.runs()).forEach(v -> votes.add(v.fromCache()));
    for (int v = votes.size() + 1; v <= settings.runs(); v++) {
      Optional<Judgement.Vote> vote = vote(testCase, answer, label + ".vote" + v, slot);
      if (vote.isEmpty()) {
        return Optional.empty();
      }
      try {
        cache.add(key, vote.get());
      } catch (IOException e) {
        // The vote stands; only a later run pays for it again.
      }
      votes.add(vote.get());
    }
    return Optional.of(
        Votes.judgement(settings.spec().toString(), version, prompt.sha256(), key, votes, strings));
  }

  /** One vote: a judge run, and one more when its reply could not be read. */
  private Optional<Judgement.Vote> vote(TestCase testCase, String answer, String id, Slot slot) {
    Expectations.Judged judged = testCase.expect().judged();
    List<RunResult> asked = new ArrayList<>();
    String why = null;
    for (int ask = 1; ask <= 2; ask++) {
      String text =
          ask == 1
              ? prompt.render(testCase.prompt(), judged, answer)
              : prompt.renderAgain(testCase.prompt(), judged, answer, why);
      RunResult run = ask(id, ask, text, slot);
      if (run == null || run.status() == RunStatus.CANCELLED) {
        return Optional.empty();
      }
      asked.add(run);
      if (run.status() != RunStatus.PASSED) {
        return Optional.of(
            Votes.vote(
                Judgement.ERROR,
                "the judge run ended " + run.status().label() + ": " + run.error(),
                null,
                asked));
      }
      JudgeReply reply = JudgeReply.parse(run.answer());
      if (reply.readable()) {
        return Optional.of(Votes.vote(reply.verdict(), reply.reason(), reply.score(), asked));
      }
      why = reply.malformed();
    }
    return Optional.of(
        Votes.vote(
            Judgement.ERROR,
            "the judge replied twice without a readable verdict: " + why,
            null,
            asked));
  }

  /** One judge run, holding {@code slot} until its agent has ended; null when stopped waiting. */
  private RunResult ask(String id, int ask, String text, Slot slot) {
    try {
      slot.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    try {
      return asking.solve(new Job(0, question(id, text), arm, ask), slot);
    } finally {
      slot.release();
    }
  }

  @Override
  public void close() throws IOException {
    try (JudgeCache c = cache;
        AgentSolver s = solver) {
      FileTrees.delete(emptyDir);
    }
  }
}
