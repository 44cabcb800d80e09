package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.agent.AgentProcess;
import org.reposearcheval.evals.agent.ClaudeCodeSolver;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Secrets;

/**
 * Everything checked before any run starts, each failure one clear {@link InvalidInputException}:
 * the cases, the MCP config, the repository, the agent answering {@code --version}, the output
 * directory.
 */
final class Preflight {
  private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

  private Preflight() {}

  static Evaluation.Input check(EvalSettings settings, Map<String, String> environment)
      throws IOException {
    Evaluation.Input input =
        Evaluation.check(
            settings.casesDir(),
            settings.mcpConfigFile(),
            settings.variantsFile(),
            settings.modes(),
            settings.tags());
    if (!Files.isDirectory(settings.repo())) {
      throw new InvalidInputException(settings.repo() + ": repository directory does not exist");
    }
    String version = claudeVersion(settings.claude(), settings.repo(), environment);
    return new Evaluation.Input(input.cases(), input.arms(), version);
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

  /** Asks the agent for its version: proves it can be started before any run is planned. */
  static String claudeVersion(String claude, Path repo, Map<String, String> environment)
      throws IOException {
    Path out = Files.createTempFile("repo-search-eval-version-", ".txt");
    try {
      Map<String, String> env = new HashMap<>(environment);
      env.remove("CLAUDECODE");
      AgentProcess.Outcome outcome =
          AgentProcess.run(
              List.of(claude, "--version"),
              new byte[0],
              env,
              repo,
              out,
              VERSION_TIMEOUT,
              1 << 20,
              Secrets.fromEnvironment(environment));
      String printed = Files.readString(out).strip();
      if (outcome.launchError() != null) {
        throw new InvalidInputException(
            "--claude: cannot start '" + claude + "': " + outcome.launchError());
      }
      if (outcome.exitCode() == null || outcome.exitCode() != 0 || printed.isEmpty()) {
        throw new InvalidInputException(
            "--claude: '"
                + claude
                + " --version' failed (exit "
                + outcome.exitCode()
                + "): "
                + ClaudeCodeSolver.tail(outcome.stderrTail()));
      }
      return printed.split("\\s+")[0];
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
