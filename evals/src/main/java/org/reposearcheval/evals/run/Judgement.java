package org.reposearcheval.evals.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * How a judge graded a run's answer against its case's rubric or reference answer: the judge (its
 * agent and model) and the prompt template's SHA-256, the majority verdict of its votes and why,
 * each vote, what the case's string expectations alone said of the same answer, and what judging
 * cost, apart from the arm's own measures. {@code key} is the SHA-256 under which the votes are
 * cached: the same answer, question, rubric, reference, judge and template are never judged twice.
 *
 * @param version the judge agent's version ({@code 2.1.328}); null in reports from before it was
 *     recorded
 * @param verdict {@link #PASS}, {@link #FAIL}, or {@link #ERROR} when the votes give no majority (a
 *     judge that could not run, or replied twice with no readable verdict)
 * @param strings {@link #PASS} or {@link #FAIL} for the case's contains, regex, notContains and
 *     files on the same answer; null when the case has none
 */
public record Judgement(
    String judge,
    @JsonInclude(JsonInclude.Include.NON_NULL) String version,
    String template,
    String key,
    String verdict,
    String reason,
    List<Vote> votes,
    String strings,
    Double costUsd,
    Usage usage,
    long durationMs) {
  public static final String PASS = "pass";
  public static final String FAIL = "fail";
  public static final String ERROR = "error";

  public Judgement {
    Objects.requireNonNull(judge, "judge");
    Objects.requireNonNull(verdict, "verdict");
    votes = votes == null ? List.of() : List.copyOf(votes);
    usage = usage == null ? Usage.NONE : usage;
  }

  /**
   * One judge run's verdict, as its reply said (or {@link #ERROR} and why there was none), with
   * what that run cost. {@code asks}: how many times the judge was started for it (2 when its first
   * reply could not be read); {@code cached}: taken from an earlier judgement of the same answer,
   * no judge started; {@code transcript}: the last ask's, relative to the run directory.
   */
  public record Vote(
      String verdict,
      String reason,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double score,
      Double costUsd,
      Usage usage,
      long durationMs,
      int asks,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean cached,
      String transcript) {
    public Vote {
      Objects.requireNonNull(verdict, "verdict");
      usage = usage == null ? Usage.NONE : usage;
    }

    /** True for a pass or a fail: the judge gave a readable verdict. */
    public boolean counts() {
      return PASS.equals(verdict) || FAIL.equals(verdict);
    }

    /** The same vote, read from the cache: nothing was started for it this time. */
    public Vote fromCache() {
      return new Vote(verdict, reason, score, costUsd, usage, durationMs, asks, true, transcript);
    }
  }

  /** Who judged, at which version where it is known: {@code claude 2.1.328}, or {@code claude}. */
  public String judgeAndVersion() {
    return version == null ? judge : judge + " " + version;
  }

  /** True when every vote gave the same readable verdict. */
  public boolean unanimous() {
    return !votes.isEmpty()
        && votes.stream().allMatch(v -> v.counts() && v.verdict().equals(verdict));
  }

  /** True when the judge passed the answer. */
  public boolean passed() {
    return PASS.equals(verdict);
  }
}
