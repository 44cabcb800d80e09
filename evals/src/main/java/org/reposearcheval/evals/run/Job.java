package org.reposearcheval.evals.run;

import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.TestCase;

/**
 * One run to do: a case, in one arm, for one repetition. {@code index} is its place in the report,
 * whatever order the runs finish in.
 */
public record Job(int index, TestCase testCase, Arm arm, int run) {

  /**
   * Transcript path relative to the output directory: {@code transcripts/<arm>/<case>-<run>.jsonl}.
   * One directory per arm, not per case: a directory per case cost a directory's allocation per
   * case (see docs/performance.md).
   */
  public String transcriptName() {
    return "transcripts/" + arm.name() + "/" + testCase.id() + "-" + run + ".jsonl";
  }

  @Override
  public String toString() {
    return testCase.id() + " " + arm.name() + " #" + run;
  }
}
