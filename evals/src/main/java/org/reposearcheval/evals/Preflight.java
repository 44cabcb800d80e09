package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.agent.ClaudeCodeVersion;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.CaseLoader;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.suite.Variants;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * Everything checked before any run starts, each failure one clear {@link InvalidInputException}:
 * the cases, the MCP config, the repository, the agent answering {@code --version}, the output
 * directory.
 */
public final class Preflight {
  /** The checked suite: cases in id order, and the arms they run in. */
  public record Checked(List<TestCase> cases, List<Arm> arms) {}

  /** What a run starts from: the checked suite, and the version of the agent that answered. */
  record Input(Checked suite, String claudeCodeVersion) {}

  private Preflight() {}

  /**
   * Loads and checks the cases (only those with one of the suite's tags, when it has any) and the
   * arms: the named variants when a variants file is given, else {@code arms}, with the MCP config
   * when the with-MCP arm runs.
   */
  public static Checked suite(EvalSettings.Suite suite, List<String> arms) {
    List<TestCase> cases = CaseLoader.load(suite.casesDir());
    List<String> tags = suite.tags();
    if (!tags.isEmpty()) {
      cases = cases.stream().filter(c -> c.tags().stream().anyMatch(tags::contains)).toList();
      if (cases.isEmpty()) {
        throw new InvalidInputException(
            suite.casesDir() + ": no case has any of the tags " + String.join(", ", tags));
      }
    }
    if (suite.variants().isPresent()) {
      return new Checked(cases, Variants.load(suite.variants().get()).arms());
    }
    List<Arm> checked = new ArrayList<>();
    for (String arm : arms) {
      checked.add(
          switch (arm) {
            case Arm.WITH_MCP -> Arm.withMcp(McpConfig.load(suite.mcpConfig()));
            case Arm.WITHOUT_MCP -> Arm.withoutMcp();
            default -> throw new InvalidInputException("unknown mode '" + arm + "'");
          });
    }
    return new Checked(cases, checked);
  }

  /** The suite, the repository, and the agent answering {@code --version}. */
  static Input check(EvalSettings settings, Map<String, String> environment) throws IOException {
    Checked suite = suite(settings.suite(), settings.schedule().arms());
    Path repo = settings.agent().repo();
    if (!Files.isDirectory(repo)) {
      throw new InvalidInputException(repo + ": repository directory does not exist");
    }
    return new Input(suite, ClaudeCodeVersion.of(settings.agent().claude(), repo, environment));
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
