package org.reposearcheval.evals.score;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.reposearcheval.evals.run.Judgement;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.Usage;

/**
 * What the judge did in a run, apart from the arms: who judged with which template, how many votes
 * each answer got and what they cost, per arm how many answers the votes agreed on, how the judge
 * agreed with the string expectations where a case has both, the runs where the two disagreed, and
 * a warning when the judge's disagreement with itself is larger than the difference between the
 * arms. Computed from the runs' {@link Judgement}s; null in a report without any.
 *
 * @param judges each {@code AGENT[:MODEL]} that judged (more than one only after a merge)
 * @param templates the SHA-256 of each prompt template used
 * @param votesPerAnswer the most votes an answer got ({@code --judge-runs})
 * @param judgeRuns judge runs started for these judgements (a reply asked again counts twice)
 * @param cachedVotes votes taken from the cache, no judge started for them
 * @param costUsd what the judge runs cost, never part of an arm's cost; null when none reported a
 *     cost
 * @param byArm per arm, in the configured order
 * @param agreement the judge against the string expectations, over the runs of cases that have both
 *     (first grader: the strings; second: the judge); null when no case has both
 * @param disagreements those runs where the two disagreed
 * @param warnings plain findings, such as the judge disagreeing with itself more than the arms
 *     differ
 */
public record JudgeSummary(
    List<String> judges,
    List<String> templates,
    int votesPerAnswer,
    int judgeRuns,
    int cachedVotes,
    Double costUsd,
    Usage usage,
    long durationMs,
    @JsonProperty("byMode") Map<String, ArmJudging> byArm,
    Agreement agreement,
    List<Disagreement> disagreements,
    List<String> warnings) {

  /**
   * One arm's judged answers: how many, the majority verdicts, and how many every vote agreed on.
   *
   * @param unanimousShare unanimous / judged; null when nothing was judged
   */
  public record ArmJudging(
      int judged, int pass, int fail, int errors, int unanimous, Double unanimousShare) {}

  /** A run whose answer the strings and the judge graded differently. */
  public record Disagreement(
      String caseId, String mode, int run, String strings, String judge, String reason) {}

  /**
   * The summary of {@code results}, arms in the order {@code arms}; null when no run was judged.
   * {@code summary} and {@code baseline} give the arms' pass rates the judge's own disagreement is
   * held against.
   */
  public static JudgeSummary of(
      List<RunResult> results, List<String> arms, Summary summary, String baseline) {
    List<RunResult> judged = results.stream().filter(r -> r.judge() != null).toList();
    if (judged.isEmpty()) {
      return null;
    }
    TreeSet<String> judges = new TreeSet<>();
    TreeSet<String> templates = new TreeSet<>();
    int votesPerAnswer = 0, judgeRuns = 0, cachedVotes = 0;
    Double cost = null;
    long in = 0, out = 0, read = 0, created = 0, durationMs = 0;
    int[] table = new int[4];
    List<Disagreement> disagreements = new ArrayList<>();
    for (RunResult r : judged) {
      Judgement j = r.judge();
      judges.add(j.judgeAndVersion());
      if (j.template() != null) {
        templates.add(j.template());
      }
      votesPerAnswer = Math.max(votesPerAnswer, j.votes().size());
      for (Judgement.Vote v : j.votes()) {
        if (v.cached()) {
          cachedVotes++;
        } else {
          judgeRuns += v.asks();
        }
      }
      if (j.costUsd() != null) {
        cost = (cost == null ? 0 : cost) + j.costUsd();
      }
      in += j.usage().inputTokens();
      out += j.usage().outputTokens();
      read += j.usage().cacheReadInputTokens();
      created += j.usage().cacheCreationInputTokens();
      durationMs += j.durationMs();
      if (j.strings() != null && !Judgement.ERROR.equals(j.verdict())) {
        boolean strings = Judgement.PASS.equals(j.strings());
        table[(strings ? 0 : 2) + (j.passed() ? 0 : 1)]++;
        if (strings != j.passed()) {
          disagreements.add(
              new Disagreement(r.caseId(), r.arm(), r.run(), j.strings(), j.verdict(), j.reason()));
        }
      }
    }
    Map<String, ArmJudging> byArm = new LinkedHashMap<>();
    for (String arm : arms) {
      List<Judgement> of =
          judged.stream().filter(r -> r.arm().equals(arm)).map(RunResult::judge).toList();
      if (of.isEmpty()) {
        continue;
      }
      int unanimous = (int) of.stream().filter(Judgement::unanimous).count();
      byArm.put(
          arm,
          new ArmJudging(
              of.size(),
              (int) of.stream().filter(j -> Judgement.PASS.equals(j.verdict())).count(),
              (int) of.stream().filter(j -> Judgement.FAIL.equals(j.verdict())).count(),
              (int) of.stream().filter(j -> Judgement.ERROR.equals(j.verdict())).count(),
              unanimous,
              (double) unanimous / of.size()));
    }
    boolean both = table[0] + table[1] + table[2] + table[3] > 0;
    return new JudgeSummary(
        List.copyOf(judges),
        List.copyOf(templates),
        votesPerAnswer,
        judgeRuns,
        cachedVotes,
        cost,
        new Usage(in, out, read, created),
        durationMs,
        byArm,
        both ? Agreement.of(table[0], table[1], table[2], table[3]) : null,
        disagreements,
        warnings(byArm, votesPerAnswer, summary, baseline));
  }

  /**
   * Where the judge split on more of two arms' answers than the arms' pass rates differ by: that
   * difference could be the judge's own noise. Unmeasured with one vote per answer.
   */
  private static List<String> warnings(
      Map<String, ArmJudging> byArm, int votes, Summary summary, String baseline) {
    List<String> warnings = new ArrayList<>();
    if (votes < 2 || summary == null || baseline == null || !byArm.containsKey(baseline)) {
      return warnings;
    }
    ArmJudging base = byArm.get(baseline);
    Double basePass = passRate(summary, baseline);
    for (Map.Entry<String, ArmJudging> e : byArm.entrySet()) {
      String arm = e.getKey();
      Double armPass = passRate(summary, arm);
      if (arm.equals(baseline) || basePass == null || armPass == null) {
        continue;
      }
      ArmJudging a = e.getValue();
      int judged = a.judged() + base.judged();
      double split = (double) (judged - a.unanimous() - base.unanimous()) / judged;
      double difference = Math.abs(armPass - basePass);
      if (split > difference) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "The judge's own votes split on %s of the answers of %s and %s, more than the"
                    + " %s difference between their pass rates: that difference is within the"
                    + " judge's disagreement with itself.",
                percent(split),
                arm,
                baseline,
                points(difference)));
      }
    }
    return warnings;
  }

  private static Double passRate(Summary summary, String arm) {
    Summary.ArmSummary s = summary.byArm().get(arm);
    return s == null ? null : s.passRate();
  }

  private static String percent(double share) {
    return Math.round(share * 100) + "%";
  }

  private static String points(double difference) {
    long points = Math.round(difference * 100);
    return points + (points == 1 ? " point" : " points");
  }

  /** True when every judgement came from one judge and one template. */
  public boolean single() {
    return judges.size() == 1 && templates.size() <= 1;
  }

  /** {@code claude} or {@code claude:opus, codex} and the template's hash, as reports name them. */
  public String describe() {
    return String.join(", ", judges)
        + " (template "
        + String.join(", ", templates.stream().map(t -> t.substring(0, 12)).toList())
        + ")";
  }

  public JudgeSummary {
    judges = List.copyOf(judges);
    templates = List.copyOf(templates);
    Objects.requireNonNull(byArm, "byMode");
    disagreements = disagreements == null ? List.of() : List.copyOf(disagreements);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    usage = usage == null ? Usage.NONE : usage;
  }
}
