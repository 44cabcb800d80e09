package org.reposearcheval.evals.judge;

import java.util.List;
import java.util.Objects;
import org.reposearcheval.evals.run.Judgement;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.Usage;

/** Votes made from judge runs, and the majority of votes made into a judgement. */
final class Votes {
  private Votes() {}

  /**
   * A vote from the judge runs {@code asked} for it (one, or two when the first reply could not be
   * read): their cost, tokens and time added up, the last one's transcript.
   */
  static Judgement.Vote vote(String verdict, String reason, Double score, List<RunResult> asked) {
    Double cost = null;
    for (RunResult run : asked) {
      if (run.costUsd() != null) {
        cost = (cost == null ? 0 : cost) + run.costUsd();
      }
    }
    return new Judgement.Vote(
        verdict,
        reason,
        score,
        cost,
        sum(asked.stream().map(RunResult::usage).toList()),
        asked.stream().mapToLong(RunResult::durationMs).sum(),
        asked.size(),
        false,
        asked.getLast().transcript());
  }

  /**
   * The judgement of {@code votes}: the verdict more than half of them gave, with the first such
   * vote's reason; an error when no verdict has more than half (an even split, or too many judge
   * runs that gave none), {@code version} the judge agent's. Cost, tokens and time are those of the
   * votes not taken from the cache.
   */
  static Judgement judgement(
      String judge,
      String version,
      String template,
      String key,
      List<Judgement.Vote> votes,
      String strings) {
    long pass = votes.stream().filter(v -> Judgement.PASS.equals(v.verdict())).count();
    long fail = votes.stream().filter(v -> Judgement.FAIL.equals(v.verdict())).count();
    long errors = votes.size() - pass - fail;
    String verdict;
    String reason;
    if (2 * pass > votes.size()) {
      verdict = Judgement.PASS;
      reason = firstReason(votes, Judgement.PASS);
    } else if (2 * fail > votes.size()) {
      verdict = Judgement.FAIL;
      reason = firstReason(votes, Judgement.FAIL);
    } else {
      verdict = Judgement.ERROR;
      reason =
          errors == votes.size()
              ? firstReason(votes, Judgement.ERROR)
              : "no majority among "
                  + votes.size()
                  + " judge runs: "
                  + pass
                  + " pass, "
                  + fail
                  + " fail, "
                  + errors
                  + " errors";
    }
    List<Judgement.Vote> paid = votes.stream().filter(v -> !v.cached()).toList();
    Double cost =
        paid.stream()
            .map(Judgement.Vote::costUsd)
            .filter(Objects::nonNull)
            .reduce(Double::sum)
            .orElse(null);
    return new Judgement(
        judge,
        version,
        template,
        key,
        verdict,
        reason,
        votes,
        strings,
        cost,
        sum(paid.stream().map(Judgement.Vote::usage).toList()),
        paid.stream().mapToLong(Judgement.Vote::durationMs).sum());
  }

  private static String firstReason(List<Judgement.Vote> votes, String verdict) {
    return votes.stream()
        .filter(v -> verdict.equals(v.verdict()))
        .map(Judgement.Vote::reason)
        .findFirst()
        .orElse("");
  }

  static Usage sum(List<Usage> usages) {
    long in = 0, out = 0, read = 0, created = 0;
    for (Usage u : usages) {
      in += u.inputTokens();
      out += u.outputTokens();
      read += u.cacheReadInputTokens();
      created += u.cacheCreationInputTokens();
    }
    return new Usage(in, out, read, created);
  }
}
