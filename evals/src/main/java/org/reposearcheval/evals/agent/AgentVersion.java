package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.reposearcheval.evals.process.AgentProcess;
import org.reposearcheval.evals.process.Ending;
import org.reposearcheval.evals.process.Limits;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Secrets;

/** Asks an agent for its version: proves it can be started before any run is planned. */
public final class AgentVersion {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long MAX_OUTPUT_BYTES = 1 << 20;

  private AgentVersion() {}

  /**
   * The version {@code command} of agent {@code cli} prints, e.g. {@code 2.1.328} from {@code
   * 2.1.328 (Claude Code)} or {@code 0.169.0} from {@code codex-cli 0.169.0}; an {@link
   * InvalidInputException} naming {@code option} when it cannot be started or fails.
   */
  public static String of(
      AgentCli cli, String command, String option, Path repo, Map<String, String> environment)
      throws IOException {
    Path out = Files.createTempFile("repo-search-eval-version-", ".txt");
    try {
      Ending ending =
          AgentProcess.run(
              new AgentProcess.Launch(
                  Stream.concat(Stream.of(command), cli.versionArgs().stream()).toList(),
                  new byte[0],
                  cli.launchEnvironment(environment),
                  repo,
                  false),
              out,
              new Limits(TIMEOUT, MAX_OUTPUT_BYTES),
              Secrets.fromEnvironment(environment));
      String printed = Files.readString(out).strip();
      return switch (ending) {
        case Ending.FailedToStart(String reason) ->
            throw new InvalidInputException(
                option
                    + ": cannot start '"
                    + command
                    + "': "
                    + reason
                    + "; install "
                    + cli.displayName()
                    + " with `"
                    + AgentSpec.installCommand(cli.name())
                    + "`");
        case Ending.Started ran
            when ran.exitCode() != null && ran.exitCode() == 0 && !printed.isEmpty() ->
            version(printed);
        case Ending.Started ran ->
            throw new InvalidInputException(
                option
                    + ": '"
                    + command
                    + " "
                    + String.join(" ", cli.versionArgs())
                    + "' failed (exit "
                    + ran.exitCode()
                    + "): "
                    + Verdicts.stderrForMessage(ran.stderrTail()));
      };
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The first word that starts with a digit in the first line, else the first word. */
  static String version(String printed) {
    String[] words = printed.lines().findFirst().orElse("").strip().split("\\s+");
    for (String word : words) {
      if (!word.isEmpty() && Character.isDigit(word.charAt(0))) {
        return word;
      }
    }
    return words[0];
  }
}
