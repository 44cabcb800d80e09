package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import org.reposearcheval.evals.score.Interval;
import org.reposearcheval.evals.score.PairedStatistics;

/**
 * {@code compare BASE HEAD}: what changed between two evaluations of the same suite, arm by arm and
 * case by case, and whether it crossed a threshold. The gate sees every way a run can get worse:
 * cases that stopped answering (error, timeout, invalid, cancelled, or no run in the head) and a
 * falling answer rate, a falling pass rate on the cases both answered, a rising cost, and a cost
 * the head no longer reports. What makes the two runs unlike is listed first: a change of setup (an
 * arm's agent, its version, model, MCP config or MCP tools) and of suite (cases added, removed, or
 * changed: their case file differs). A changed case is never fixed or regressed: it is left out of
 * every figure. Both reports are recomputed from their raw results; their stored summaries are not
 * trusted. {@link Comparisons} computes it, {@link Regressions} says which thresholds it crossed.
 *
 * @param suite the cases only one of the two ran, and those whose case file changed
 * @param setup what each arm ran with that differs between base and head; empty when nothing does
 * @param arms each arm both ran, over the cases whose case file is the same in both
 * @param regressions each threshold crossed, in words; empty when none
 */
public record Comparison(
    String base,
    String head,
    Thresholds thresholds,
    SuiteChange suite,
    List<SetupChange> setup,
    List<ArmChange> arms,
    List<AdvantageChange> advantages,
    List<String> regressions,
    List<String> notes) {

  public Comparison {
    setup = List.copyOf(setup);
  }

  /**
   * @param maxPassRateDrop how far a arm's pass rate may fall (0.05: five points)
   * @param maxCostIncrease how much a arm's cost on the common cases may rise (0.2: 20%)
   * @param maxAnswerRateDrop how far a arm's answer rate may fall, and what share of the cases that
   *     answered in the base may stop answering in the head (0: none may)
   * @param requireSameSuite a change of suite (a case added, removed or changed, or one whose
   *     change cannot be told) is an error rather than a note
   * @param requireSameSetup a change of setup is an error rather than a note
   */
  public record Thresholds(
      double maxPassRateDrop,
      double maxCostIncrease,
      double maxAnswerRateDrop,
      boolean requireSameSuite,
      boolean requireSameSetup) {
    public Thresholds(double maxPassRateDrop, double maxCostIncrease) {
      this(maxPassRateDrop, maxCostIncrease, 0, false, false);
    }
  }

  /**
   * Case ids that only the base ran ({@code removed}) or only the head ran ({@code added}), and the
   * cases both ran whose case file differs ({@code changed}, one entry per arm), by their
   * fingerprints. None of them is compared; {@code unchanged} cases are, those both ran with the
   * same file (or with no fingerprint to tell).
   */
  public record SuiteChange(
      List<String> removed, List<String> added, List<ChangedCase> changed, int unchanged) {
    public SuiteChange {
      removed = List.copyOf(removed);
      added = List.copyOf(added);
      changed = List.copyOf(changed);
    }

    /** True when a case was added, removed or changed. */
    public boolean any() {
      return !removed.isEmpty() || !added.isEmpty() || !changed.isEmpty();
    }

    /** The changed cases' ids, each once. */
    public List<String> changedIds() {
      return changed.stream().map(ChangedCase::caseId).distinct().toList();
    }

    /** {@code removed a, b; added c; changed d}. */
    String describe() {
      List<String> parts = new ArrayList<>();
      if (!removed.isEmpty()) {
        parts.add("removed " + String.join(", ", removed));
      }
      if (!added.isEmpty()) {
        parts.add("added " + String.join(", ", added));
      }
      if (!changed.isEmpty()) {
        parts.add("changed " + String.join(", ", changedIds()));
      }
      return String.join("; ", parts);
    }
  }

  /**
   * A case whose case file differs between base and head, and how it went in one arm of each:
   * {@code passed}, {@code failed} (with several runs {@code passed 2 of 3}: at least half its
   * verdicts passed), how its runs ended without a verdict ({@code timeout}), or {@code no run}.
   */
  public record ChangedCase(String caseId, String arm, String base, String head) {}

  /**
   * What an arm ran with that differs between base and head: {@code base} and {@code head} as the
   * reports record it, for {@code arms} (each arm with this same difference).
   */
  public record SetupChange(Aspect aspect, List<String> arms, String base, String head) {
    public SetupChange {
      arms = List.copyOf(arms);
    }

    /** The parts of an arm's setup compare looks at. */
    public enum Aspect {
      AGENT,
      MODEL,
      MCP_CONFIG,
      MCP_TOOLS,
      /** Who graded the judged answers, with which prompt template. */
      JUDGE
    }

    /** {@code with-mcp: base ran Claude Code 2.1.328, head OpenCode 1.18.33}. */
    public String describe() {
      String who = String.join(", ", arms) + ": ";
      return who
          + switch (aspect) {
            case AGENT -> "base ran " + base + ", head " + head;
            case MODEL -> "model " + base + " in the base, " + head + " in the head";
            case MCP_CONFIG ->
                base.equals(head)
                    ? "MCP config " + base + " edited between base and head"
                    : "MCP config " + base + " in the base, " + head + " in the head";
            case MCP_TOOLS -> "MCP tools offered " + toolChange();
            case JUDGE ->
                "answers graded by "
                    + base
                    + " in the base, by "
                    + head
                    + " in the head: a verdict that changed may be the judge's";
          };
    }

    /**
     * {@code head adds mcp__a__x; head drops mcp__a__y; head changes the input schema of
     * mcp__a__z}: each side {@code name} or {@code name hash}, joined with {@code ", "}.
     */
    private String toolChange() {
      java.util.Map<String, String> before = tools(base);
      java.util.Map<String, String> after = tools(head);
      List<String> parts = new ArrayList<>();
      List<String> added = after.keySet().stream().filter(t -> !before.containsKey(t)).toList();
      List<String> dropped = before.keySet().stream().filter(t -> !after.containsKey(t)).toList();
      List<String> changed =
          after.keySet().stream()
              .filter(t -> before.containsKey(t) && !before.get(t).equals(after.get(t)))
              .toList();
      if (!added.isEmpty()) {
        parts.add("head adds " + String.join(", ", added));
      }
      if (!dropped.isEmpty()) {
        parts.add("head drops " + String.join(", ", dropped));
      }
      if (!changed.isEmpty()) {
        parts.add("head changes the input schema of " + String.join(", ", changed));
      }
      return String.join("; ", parts);
    }

    /** Each tool of {@code name hash, …} by name, its hash ("" when not recorded). */
    private static java.util.Map<String, String> tools(String tools) {
      java.util.Map<String, String> byName = new java.util.LinkedHashMap<>();
      if (!tools.isEmpty()) {
        for (String tool : tools.split(", ")) {
          String[] parts = tool.split(" ", 2);
          byName.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
      }
      return byName;
    }
  }

  /**
   * One arm's answers: runs and runs with a verdict in each report, the cases that had a verdict in
   * the base but have none in the head although the head ran the case, and those that had none in
   * the base and have one in the head.
   */
  public record Answers(
      int baseRuns,
      int baseAnswered,
      int headRuns,
      int headAnswered,
      int baseAnsweredCases,
      List<Unanswered> stoppedAnswering,
      List<String> startedAnswering) {
    public Answers {
      stoppedAnswering = List.copyOf(stoppedAnswering);
      startedAnswering = List.copyOf(startedAnswering);
    }

    public Double baseRate() {
      return baseRuns == 0 ? null : (double) baseAnswered / baseRuns;
    }

    public Double headRate() {
      return headRuns == 0 ? null : (double) headAnswered / headRuns;
    }
  }

  /**
   * A case that answered in the base and not in the head: {@code head} is how its head runs ended
   * ({@code timeout}, {@code error, timeout}, …) or {@code missing} when the head has no run of it
   * in this arm.
   */
  public record Unanswered(String caseId, String head) {}

  /**
   * One arm, base against head, over the cases whose case file did not change. {@code
   * changes.flips().armOnly()} are the fixed cases (pass in the head only), {@code baselineOnly()}
   * the regressed ones. {@code baseCostUsd} and {@code headCostUsd} are summed over the {@code
   * costCases} paired cases that reported a cost in both. {@code costUnknownInHead}: paired cases
   * with a cost in the base and none in the head; they are never read as cheaper.
   */
  public record ArmChange(
      String arm,
      Answers answers,
      Double basePassRate,
      Double headPassRate,
      Double baseCostUsd,
      Double headCostUsd,
      int costCases,
      List<String> costUnknownInHead,
      PairedStatistics changes) {
    public ArmChange {
      costUnknownInHead = List.copyOf(costUnknownInHead);
    }

    public List<String> fixed() {
      return changes.flips().armOnly();
    }

    public List<String> regressed() {
      return changes.flips().baselineOnly();
    }
  }

  /**
   * How an arm's advantage over the baseline (its pass rate minus the baseline's, per case) moved:
   * {@code change} is the head's advantage minus the base's, with a bootstrap interval over the
   * cases that reached a verdict in both arms of both runs.
   */
  public record AdvantageChange(
      String arm,
      String baseline,
      int cases,
      double baseAdvantage,
      double headAdvantage,
      Interval change) {}

  public boolean regressed() {
    return !regressions.isEmpty();
  }
}
