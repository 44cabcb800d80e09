package org.reposearcheval.evals.run;

/**
 * The solver in front of the agents: a job that gets its place after the run was stopped never
 * starts (it ends {@code cancelled}, "not started: " and why), nor one the money budget has no room
 * for ({@link CostBudget#tryStart}); every other job goes to {@code inner}.
 */
public final class StartGate implements Solver {
  private final Solver inner;
  private final RunControl control;
  private final CostBudget money;

  /** {@code money}: null when the run has no budget in money. */
  public StartGate(Solver inner, RunControl control, CostBudget money) {
    this.inner = inner;
    this.control = control;
    this.money = money;
  }

  @Override
  public RunResult solve(Job job) {
    return solve(job, Slot.NONE);
  }

  @Override
  public RunResult solve(Job job, Slot slot) {
    if (control.reason() != null) {
      return RunResult.cancelled(job, 0, "not started: " + control.reason());
    }
    return money != null && !money.tryStart(job) ? money.notStarted(job) : inner.solve(job, slot);
  }
}
