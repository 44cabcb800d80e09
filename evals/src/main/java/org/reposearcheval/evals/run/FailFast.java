package org.reposearcheval.evals.run;

/**
 * {@code --fail-fast}: the first infrastructure failure (error, timeout, invalid — not a wrong
 * answer) stops the evaluation; the runs still going are cancelled.
 */
public final class FailFast implements RunListener {
  private final RunControl control;

  public FailFast(RunControl control) {
    this.control = control;
  }

  @Override
  public void finished(Job job, RunResult result) {
    switch (result.status()) {
      case ERROR, TIMEOUT, INVALID ->
          control.stop("fail-fast: " + job + " ended " + result.status().label());
      default -> {}
    }
  }
}
