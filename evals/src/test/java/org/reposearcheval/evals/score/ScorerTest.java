package org.reposearcheval.evals.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.suite.Expectations;

/** The answer check: every miss described for a person, nothing when the answer passes. */
class ScorerTest {

  private static Expectations contains(String... needles) {
    return new Expectations(List.of(needles), List.of(), List.of());
  }

  private static Expectations regex(String... patterns) {
    return new Expectations(
        List.of(), Stream.of(patterns).map(Pattern::compile).toList(), List.of());
  }

  private static Expectations notContains(String... needles) {
    return new Expectations(List.of(), List.of(), List.of(needles));
  }

  @Test
  void answerWithEveryContainedStringPasses() {
    assertEquals(
        List.of(), Scorer.missed(contains("RunAll", "parallel"), "RunAll runs jobs in parallel."));
  }

  @Test
  void containsIsCaseSensitive() {
    assertEquals(
        List.of("contains \"RunAll\""), Scorer.missed(contains("RunAll"), "runall does it"));
  }

  @Test
  void eachMissingStringIsDescribed() {
    assertEquals(
        List.of("contains \"RunAll\"", "contains \"Semaphore\""),
        Scorer.missed(contains("RunAll", "parallel", "Semaphore"), "It runs in parallel."));
  }

  @Test
  void regexMatchesAnywhereInTheAnswer() {
    assertEquals(
        List.of(), Scorer.missed(regex("Run[A-Z]\\w+\\.java"), "See RunAll.java, line 3."));
  }

  @Test
  void missedRegexIsDescribedBetweenSlashes() {
    assertEquals(
        List.of("regex /\\d+ jobs/"), Scorer.missed(regex("^Run", "\\d+ jobs"), "Run many jobs"));
  }

  @Test
  void answerWithoutForbiddenStringPasses() {
    assertEquals(List.of(), Scorer.missed(notContains("I don't know"), "It is RunAll."));
  }

  @Test
  void forbiddenStringInTheAnswerIsDescribed() {
    assertEquals(
        List.of("notContains \"I don't know\""),
        Scorer.missed(notContains("I don't know", "maybe"), "I don't know, sorry."));
  }

  @Test
  void missesAreListedContainsThenRegexThenNotContains() {
    Expectations expect =
        new Expectations(List.of("X"), List.of(Pattern.compile("a+b")), List.of("Y"));

    assertEquals(
        List.of("contains \"X\"", "regex /a+b/", "notContains \"Y\""),
        Scorer.missed(expect, "only Y here"));
  }

  @Test
  void nullAnswerMissesEveryContainsAndRegexButNoNotContains() {
    Expectations expect =
        new Expectations(List.of("X", "Z"), List.of(Pattern.compile("a")), List.of("Y"));

    assertEquals(
        List.of("contains \"X\"", "contains \"Z\"", "regex /a/"), Scorer.missed(expect, null));
  }
}
