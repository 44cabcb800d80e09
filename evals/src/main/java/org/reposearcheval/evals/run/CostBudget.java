package org.reposearcheval.evals.run;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code --max-cost}: no run starts once the money spent plus the expected cost of the runs in
 * flight and of this one would pass the budget. A run's expected cost is its case's and arm's mean
 * in the earlier run ({@link History}), else the mean of the runs this evaluation has finished so
 * far (0 before the first: the first runs at once always start, so a budget can be overshot by up
 * to {@code --parallel} runs' cost). Once a run is refused, none starts after it: the runs not
 * started end {@code cancelled} ({@link #NOT_STARTED}), stay out of the journal, and {@code
 * --resume} with a larger budget runs exactly those. Costs the agent did not report but that were
 * priced from its tokens count; runs that reported no cost count as nothing.
 */
public final class CostBudget implements RunListener {
  /** Why a run did not start, as its error says it. */
  public static final String NOT_STARTED = "not started: budget";

  private final double maxUsd;
  private final Function<Job, Double> expectedUsd;
  private final Map<Integer, Double> reserved = new HashMap<>();
  private double spent;
  private double inFlight;
  private double finishedCost;
  private int finishedWithCost;
  private boolean refused;

  /** A budget of {@code maxUsd}; {@code expectedUsd} of a job is null when not known. */
  public CostBudget(double maxUsd, Function<Job, Double> expectedUsd) {
    this.maxUsd = maxUsd;
    this.expectedUsd = expectedUsd;
  }

  /** Whether {@code job} may start now; if so its expected cost is held until it ends. */
  public synchronized boolean tryStart(Job job) {
    if (refused) {
      return false;
    }
    Double known = expectedUsd.apply(job);
    double expected =
        known != null ? known : finishedWithCost == 0 ? 0 : finishedCost / finishedWithCost;
    if (spent + inFlight + expected > maxUsd) {
      refused = true;
      return false;
    }
    reserved.put(job.index(), expected);
    inFlight += expected;
    return true;
  }

  @Override
  public synchronized void finished(Job job, RunResult result) {
    Double held = reserved.remove(job.index());
    if (held != null) {
      inFlight -= held;
    }
    Double cost = result.measures().costUsd();
    if (cost != null) {
      spent += cost;
      finishedCost += cost;
      finishedWithCost++;
    }
  }

  /** Whether a run has been refused: no run starts after it. */
  public synchronized boolean refused() {
    return refused;
  }

  /** The money spent by the runs that have ended. */
  public synchronized double spentUsd() {
    return spent;
  }

  /** The result of a run the budget did not let start. */
  public RunResult notStarted(Job job) {
    return RunResult.cancelled(job, 0, NOT_STARTED);
  }
}
