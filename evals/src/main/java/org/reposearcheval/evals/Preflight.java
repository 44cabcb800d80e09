package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.reposearcheval.evals.agent.ClaudeCodeVersion;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * Everything checked before any run starts, each failure one clear {@link InvalidInputException}:
 * the cases, the MCP config, the repository, the agent answering {@code --version}, the output
 * directory.
 */
final class Preflight {
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
    String version = ClaudeCodeVersion.of(settings.claude(), settings.repo(), environment);
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
}
