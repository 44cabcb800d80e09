package org.reposearcheval.cmd;

import java.util.Optional;
import org.reposearcheval.evals.EvalSettings;
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
    return new EvalSettings.Judging(Optional.ofNullable(judge), judgeRuns == null ? 1 : judgeRuns);
  }

  /** The options as given, or empty when neither was. */
  Optional<EvalSettings.Judging> given() {
    return judge == null && judgeRuns == null ? Optional.empty() : Optional.of(judging());
  }
}
