package org.reposearcheval.cmd;

import java.util.Optional;
import org.reposearcheval.evals.EvalSettings;
import org.reposearcheval.evals.util.InvalidInputException;
import picocli.CommandLine.Option;

/** Who grades judged answers, and how often: an option group of {@code run} and {@code judge}. */
final class JudgeOptions {
  @Option(
      names = "--judge",
      paramLabel = "AGENT[:MODEL]",
      description =
          "The agent (and model) that grades the answers of cases with expect.rubric or"
              + " expect.reference: claude, codex, gemini, opencode or auggie (default: the"
              + " variants file's judge, else claude).")
  String judge;

  @Option(
      names = "--judge-runs",
      paramLabel = "K",
      description =
          "Votes per judged answer; the majority is the verdict (default: 1; 3 measures how"
              + " often the judge disagrees with itself).")
  Integer judgeRuns;

  /** The judge settings the options give. */
  EvalSettings.Judging judging() {
    // 0 stands for "not recorded" in an old run.json, and would be read as 1: said here instead.
    if (judgeRuns != null && judgeRuns < 1) {
      throw new InvalidInputException("--judge-runs must be at least 1, got " + judgeRuns);
    }
    try {
      return new EvalSettings.Judging(
          Optional.ofNullable(judge), judgeRuns == null ? 1 : judgeRuns);
    } catch (IllegalArgumentException e) {
      // A usage error, said as one: exit 2, the option named.
      throw new InvalidInputException(e.getMessage());
    }
  }

  /** The options as given, or empty when neither was. */
  Optional<EvalSettings.Judging> given() {
    return judge == null && judgeRuns == null ? Optional.empty() : Optional.of(judging());
  }
}
