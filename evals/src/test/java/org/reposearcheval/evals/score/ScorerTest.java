package org.reposearcheval.evals.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.ToolExpectations;
import org.reposearcheval.evals.suite.ToolName;

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

  private static Expectations tools(List<String> used, List<String> notUsed, Integer maxCalls) {
    return new Expectations(
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        new ToolExpectations(
            used.stream().map(ToolName::parse).toList(),
            notUsed.stream().map(ToolName::parse).toList(),
            maxCalls));
  }

  /** Grep twice, Read once, the MCP search once: 4 calls. */
  private static final ToolCalls CALLS =
      new ToolCalls(4, 1, Map.of("Grep", 2, "Read", 1, "mcp__repo__search_files", 1));

  @Test
  void toolsUsedByNameOrRegexAreFoundAmongTheCalls() {
    Expectations expect =
        tools(List.of("Grep", "/^mcp__repo__/", "Glob", "/mcp__other__/"), List.of(), null);

    assertEquals(
        List.of("tools.used Glob", "tools.used /mcp__other__/"),
        Scorer.missed(expect, "answer", CALLS, true));
  }

  @Test
  void anMcpToolIsExpectedOnlyOfARunOfferedMcpTools() {
    // The baseline was given no MCP server and called none: the mcp__ entries cannot be held
    // against it, the built-in one can; the same calls in an arm given MCP miss all three.
    Expectations expect =
        tools(List.of("mcp__repo__search_files", "/^mcp__/", "Grep"), List.of(), null);
    ToolCalls baseline = new ToolCalls(1, 0, Map.of("Read", 1));

    assertEquals(List.of("tools.used Grep"), Scorer.missed(expect, "a", baseline, false));
    assertEquals(
        List.of("tools.used mcp__repo__search_files", "tools.used /^mcp__/", "tools.used Grep"),
        Scorer.missed(expect, "a", baseline, true));
  }

  @Test
  void toolsNotUsedAndMaxCallsSayHowManyCallsWereMade() {
    Expectations expect = tools(List.of(), List.of("Grep", "/^Re/", "Bash"), 3);

    assertEquals(
        List.of(
            "tools.notUsed Grep (called 2 times)",
            "tools.notUsed /^Re/ (called once)",
            "tools.maxCalls 3 (made 4)"),
        Scorer.missed(expect, "answer", CALLS, true));
    assertEquals(List.of(), Scorer.missed(tools(List.of(), List.of(), 4), "a", CALLS, true));
  }

  @Test
  void aFileIsNamedByItsPathOrItsFileName() {
    Expectations expect =
        new Expectations(
            List.of(),
            List.of(),
            List.of(),
            List.of("evals/src/main/RunAll.java", "pom.xml", "cmd/Main.java"),
            null);

    assertEquals(
        List.of("files \"cmd/Main.java\""),
        Scorer.missed(expect, "RunAll.java holds it; see the pom.xml too", CALLS, true));
    assertEquals(
        List.of(),
        Scorer.missed(
            expect, "evals/src/main/RunAll.java, pom.xml and cmd/Main.java", CALLS, true));
  }
}
