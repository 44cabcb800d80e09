package org.reposearcheval.evals;

/**
 * {@code --fail-fast}: the first infrastructure failure (error, timeout, invalid — not a wrong
 * answer) stops the evaluation; the runs still going are cancelled.
 */
final class FailFast implements RunListener {
  private final RunControl control;

  FailFast(RunControl control) {
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
