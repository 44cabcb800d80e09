package org.reposearcheval.evals.report;

import java.util.List;
import org.reposearcheval.evals.run.CostBudget;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Numbers;

/**
 * What {@code --max-cost} allowed and what it kept from running, derived from the report's runs:
 * the money spent (the costs every run reported or was priced at from its tokens, marked as
 * estimated where any was), the budget, and the runs it did not let start. One sentence for every
 * format.
 */
public record MoneyBudget(double maxUsd, double spentUsd, boolean estimated, List<String> notRun) {
  public MoneyBudget {
    notRun = List.copyOf(notRun);
  }

  /** The budget of {@code report}, or null when it ran without one. */
  public static MoneyBudget of(Report report) {
    Double max = report.config().maxCostUsd();
    if (max == null) {
      return null;
    }
    double spent = 0;
    boolean estimated = false;
    for (RunResult r : report.rawResults()) {
      if (r.costUsd() != null) {
        spent += r.costUsd();
        estimated |= r.measures().costEstimated();
      }
    }
    List<String> notRun =
        report.rawResults().stream()
            .filter(
                r -> r.status() == RunStatus.CANCELLED && CostBudget.NOT_STARTED.equals(r.error()))
            .map(r -> r.key().caseId() + " (" + r.key().arm() + ")")
            .toList();
    return new MoneyBudget(max, spent, estimated, notRun);
  }

  /** The sentence: spent, budget, and what did not run and how to run it. */
  public String describe() {
    String lead =
        "Budget (--max-cost): "
            + Numbers.money(spentUsd)
            + (estimated ? " (partly estimated from tokens)" : "")
            + " spent of "
            + Numbers.money(maxUsd);
    if (notRun.isEmpty()) {
      return lead + "; every run started.";
    }
    return lead
        + "; "
        + Numbers.plural(notRun.size(), "run", "runs")
        + " not started for the budget: "
        + String.join(", ", notRun)
        + ". Run exactly those with --resume DIR --max-cost USD and a larger budget.";
  }
}
