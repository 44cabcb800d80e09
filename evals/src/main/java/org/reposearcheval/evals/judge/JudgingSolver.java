package org.reposearcheval.evals.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.Judgement;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Slot;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.score.Scorer;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.suite.ToolExpectations;

/**
 * The arms' solver with a judge behind it: a run whose case asks for a judged answer, and that
 * answered, is graded as soon as its agent has ended, on the same thread and under the same {@code
 * --parallel} permits, so a judge run holds a place among the runs in flight like any agent. The
 * run passes only when its other expectations hold and the judge passes it.
 */
public final class JudgingSolver implements Solver {
  private final Solver arms;
  private final Judge judge;

  public JudgingSolver(Solver arms, Judge judge) {
    this.arms = arms;
    this.judge = judge;
  }

  @Override
  public RunResult solve(Job job) {
    return solve(job, Slot.NONE);
  }

  @Override
  public RunResult solve(Job job, Slot slot) {
    RunResult result = arms.solve(job, slot);
    Expectations expect = job.testCase().expect();
    if (!expect.judged().asked() || !result.status().isVerdict()) {
      return result;
    }
    slot.release();
    if (Thread.currentThread().isInterrupted()) {
      return notJudged(result);
    }
    return judged(judge, job.testCase(), result, slot).orElseGet(() -> notJudged(result));
  }

  /**
   * {@code result}, a run of {@code testCase} graded on its other expectations, with {@code
   * judge}'s verdict on its answer; empty when stopped before the votes were in.
   */
  public static Optional<RunResult> judged(
      Judge judge, TestCase testCase, RunResult result, Slot slot) {
    String answer = result.answer() == null ? "" : result.answer();
    return judge
        .judge(testCase, answer, strings(testCase.expect(), answer), label(result), slot)
        .map(j -> combined(result, j));
  }

  /** Names a run's judge transcripts: {@code <case>.<arm>-<run>}; never shown to the judge. */
  static String label(RunResult result) {
    return result.caseId() + "." + result.arm() + "-" + result.run();
  }

  /**
   * What the case's contains, regex, notContains and files say of {@code answer}: {@link
   * Judgement#PASS} or {@link Judgement#FAIL}; null when the case has none of them.
   */
  static String strings(Expectations expect, String answer) {
    if (!expect.hasStrings()) {
      return null;
    }
    Expectations strings =
        new Expectations(
            expect.contains(),
            expect.regex(),
            expect.notContains(),
            expect.files(),
            ToolExpectations.NONE);
    return Scorer.missed(strings, answer).isEmpty() ? Judgement.PASS : Judgement.FAIL;
  }

  /**
   * {@code result} (passed or failed on its other expectations) with the judge's verdict: a fail
   * fails it, naming the judge's reason; a judgement that is an error makes a run that had not
   * already failed an {@code error}, never a silent pass or fail.
   */
  public static RunResult combined(RunResult result, Judgement judgement) {
    RunResult judged = result.with(judgement);
    return switch (judgement.verdict()) {
      case Judgement.PASS -> judged;
      case Judgement.FAIL -> {
        List<String> missed = new ArrayList<>(result.failedExpectations());
        missed.add("judge: " + judgement.reason());
        yield judged
            .with(status(result, RunStatus.FAILED))
            .with(new RunResult.Verdict(result.answer(), missed, null));
      }
      default ->
          result.status() == RunStatus.FAILED
              ? judged
              : judged
                  .with(status(result, RunStatus.ERROR))
                  .with(
                      new RunResult.Verdict(
                          result.answer(), List.of(), "judge: " + judgement.reason()));
    };
  }

  private static RunResult.Outcome status(RunResult result, RunStatus status) {
    RunResult.Outcome o = result.outcome();
    return new RunResult.Outcome(status, o.durationMs(), o.exitCode(), o.attempts());
  }

  /** A run stopped before its answer was judged: cancelled, so a resumed run does it again. */
  private static RunResult notJudged(RunResult result) {
    RunResult.Outcome o = result.outcome();
    return result
        .with(
            new RunResult.Outcome(RunStatus.CANCELLED, o.durationMs(), o.exitCode(), o.attempts()))
        .with(
            new RunResult.Verdict(
                result.answer(), List.of(), "cancelled before its answer was judged"));
  }
}
