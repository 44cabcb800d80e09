package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Secrets;

/** Asks the agent for its version: proves it can be started before any run is planned. */
public final class ClaudeCodeVersion {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long MAX_OUTPUT_BYTES = 1 << 20;

  private ClaudeCodeVersion() {}

  /**
   * What {@code claude --version} prints first, e.g. {@code 2.1.328}; an {@link
   * InvalidInputException} naming {@code --claude} when it cannot be started or fails.
   */
  public static String of(String claude, Path repo, Map<String, String> environment)
      throws IOException {
    Path out = Files.createTempFile("repo-search-eval-version-", ".txt");
    try {
      Ending ending =
          AgentProcess.run(
              new AgentProcess.Launch(
                  List.of(claude, "--version"),
                  new byte[0],
                  ClaudeCodeSolver.withoutSessionGuard(environment),
                  repo,
                  false),
              out,
              new AgentProcess.Limits(TIMEOUT, MAX_OUTPUT_BYTES),
              Secrets.fromEnvironment(environment));
      String printed = Files.readString(out).strip();
      return switch (ending) {
        case Ending.FailedToStart(String reason) ->
            throw new InvalidInputException("--claude: cannot start '" + claude + "': " + reason);
        case Ending.Started ran
            when ran.exitCode() != null && ran.exitCode() == 0 && !printed.isEmpty() ->
            printed.split("\\s+")[0];
        case Ending.Started ran ->
            throw new InvalidInputException(
                "--claude: '"
                    + claude
                    + " --version' failed (exit "
                    + ran.exitCode()
                    + "): "
                    + Verdicts.stderrForMessage(ran.stderrTail()));
      };
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
