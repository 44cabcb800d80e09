package org.reposearcheval.evals.run;

/**
 * One attempt at a job ({@link Solver#attempt}): its result, and whether it failed in a way another
 * attempt may mend, which is what {@link Retrying} decides on.
 */
public record Attempt(RunResult result, Transient failure) {

  /** Why a failed attempt is worth another try, if it is. */
  public enum Transient {
    /** Not transient: a verdict, a timeout, a cancel, or a failure that would repeat. */
    NONE,
    /** The API rate-limited the run or was overloaded (429, 529, 5xx). */
    PUSHED_BACK,
    /** The agent died without a result event. */
    DIED
  }

  /** An attempt whose result stands: nothing another attempt would mend. */
  public static Attempt done(RunResult result) {
    return new Attempt(result, Transient.NONE);
  }
}
