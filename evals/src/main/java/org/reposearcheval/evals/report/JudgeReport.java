package org.reposearcheval.evals.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.reposearcheval.evals.run.Judgement;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.score.Agreement;
import org.reposearcheval.evals.score.JudgeSummary;
import org.reposearcheval.evals.score.Numbers;

/**
 * What every format says of the judge, in words and rows: who judged and what it cost apart from
 * the arms, per arm how many answers the votes agreed on, the judge against the string
 * expectations, the disagreements, and each judged run's votes. {@link JudgeMarkdown}, {@code
 * judge.jte} and the junit properties render it.
 */
public final class JudgeReport {
  public static final String TITLE = "Judged answers";

  private JudgeReport() {}

  /** The section's content; null when no run was judged. */
  public static Section section(Report report) {
    return report.judge() == null ? null : new Section(report, report.judge());
  }

  /** A table row: its label and a value per column. */
  public record Row(String name, List<String> values) {}

  /** The judge's part of one report. */
  public record Section(Report report, JudgeSummary judge) {
    /** Who judged, how often, and what it cost, apart from the arms. */
    public String intro() {
      return String.format(
          Locale.ROOT,
          "Graded by %s, %s per answer, blind to the arm; %s started, %s from the cache."
              + " The judge's cost, apart from every arm's: %s, %s tokens in, %s out, %s.",
          judge.describe(),
          Numbers.plural(judge.votesPerAnswer(), "vote", "votes"),
          Numbers.plural(judge.judgeRuns(), "judge run", "judge runs"),
          Numbers.plural(judge.cachedVotes(), "vote", "votes"),
          Numbers.money(judge.costUsd()),
          Numbers.tokens((double) judge.usage().inputTokens()),
          Numbers.tokens((double) judge.usage().outputTokens()),
          Numbers.durationMs(judge.durationMs()));
    }

    /** Said when one vote per answer leaves the judge's own disagreement unmeasured; else null. */
    public String oneVote() {
      return judge.votesPerAnswer() < 2
          ? "One vote per answer: how often the judge disagrees with itself is not measured"
              + " (--judge-runs 3 measures it)."
          : null;
    }

    public List<String> warnings() {
      return judge.warnings();
    }

    public List<String> arms() {
      return List.copyOf(judge.byArm().keySet());
    }

    /** An empty first column, then one per arm. */
    public List<String> columns() {
      List<String> columns = new ArrayList<>(List.of(""));
      columns.addAll(arms());
      return columns;
    }

    /** A row per measure, a value per arm. */
    public List<Row> rows() {
      List<JudgeSummary.ArmJudging> arms = List.copyOf(judge.byArm().values());
      return List.of(
          new Row("answers judged", arms.stream().map(a -> String.valueOf(a.judged())).toList()),
          new Row(
              "judge: pass / fail / error",
              arms.stream().map(a -> a.pass() + " / " + a.fail() + " / " + a.errors()).toList()),
          new Row(
              "votes unanimous",
              arms.stream()
                  .map(
                      a ->
                          Numbers.percent(a.unanimousShare())
                              + " ("
                              + a.unanimous()
                              + " of "
                              + a.judged()
                              + ")")
                  .toList()));
    }

    /** The judge against the string expectations; null when no case has both. */
    public String agreement() {
      Agreement a = judge.agreement();
      if (a == null) {
        return null;
      }
      return String.format(
          Locale.ROOT,
          "Where a case has both string expectations and a rubric, the judge and the strings"
              + " agreed on %d of %d answers (%s; both pass %d, both fail %d, strings only %d,"
              + " judge only %d): Cohen's κ = %s (n = %d).",
          a.bothPass() + a.bothFail(),
          a.runs(),
          Numbers.percent(a.observed()),
          a.bothPass(),
          a.bothFail(),
          a.onlyFirstPass(),
          a.onlySecondPass(),
          a.kappa() == null ? "undefined (both graded every answer alike)" : kappa(a.kappa()),
          a.runs());
    }

    public List<JudgeSummary.Disagreement> disagreements() {
      return judge.disagreements();
    }

    /** The page of the run {@code d} is about: every run report.html lists links its page. */
    public String page(JudgeSummary.Disagreement d) {
      return report.rawResults().stream()
          .filter(
              r -> r.caseId().equals(d.caseId()) && r.arm().equals(d.mode()) && r.run() == d.run())
          .findFirst()
          .map(org.reposearcheval.evals.transcript.TranscriptPages::runPage)
          .orElse(null);
    }

    /** The page of run {@code r}. */
    public String page(RunResult r) {
      return org.reposearcheval.evals.transcript.TranscriptPages.runPage(r);
    }

    /** Each judged run: case, arm, run, the verdict, the votes, the reason. */
    public List<RunResult> judged() {
      return report.rawResults().stream().filter(r -> r.judge() != null).toList();
    }
  }

  /** κ to two decimals. */
  static String kappa(double kappa) {
    return String.format(Locale.ROOT, "%.2f", kappa);
  }

  /** A run's votes, {@code pass pass fail}, and a mark when they were unanimous. */
  public static String votes(Judgement j) {
    String votes = j.votes().stream().map(Judgement.Vote::verdict).collect(Collectors.joining(" "));
    return j.votes().size() > 1 && j.unanimous() ? votes + " (unanimous)" : votes;
  }

  /** The judge's properties of an arm in junit.xml. */
  static List<Map.Entry<String, String>> properties(Report report, String arm) {
    List<Map.Entry<String, String>> properties = new ArrayList<>();
    JudgeSummary judge = report.judge();
    if (judge == null || !judge.byArm().containsKey(arm)) {
      return properties;
    }
    JudgeSummary.ArmJudging a = judge.byArm().get(arm);
    properties.add(Map.entry("judge", String.join(", ", judge.judges())));
    properties.add(Map.entry("judgeVotesPerAnswer", String.valueOf(judge.votesPerAnswer())));
    properties.add(
        Map.entry("judgePassFailError", a.pass() + " / " + a.fail() + " / " + a.errors()));
    properties.add(Map.entry("judgeUnanimous", Numbers.percent(a.unanimousShare())));
    return properties;
  }
}
