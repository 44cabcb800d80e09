package org.reposearcheval.evals;

/**
 * One run to do: a case, in one arm, for one repetition. {@code index} is its place in the report,
 * whatever order the runs finish in.
 */
public record Job(int index, TestCase testCase, Arm arm, int run) {

  /**
   * Transcript path relative to the output directory: {@code
   * transcripts/<case>/<mode>-<run>.jsonl}.
   */
  public String transcriptName() {
    return "transcripts/" + testCase.id() + "/" + arm.label() + "-" + run + ".jsonl";
  }

  @Override
  public String toString() {
    return testCase.id() + " " + arm.label() + " #" + run;
  }
}
