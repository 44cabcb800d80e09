package org.reposearcheval.evals.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.score.Scorer;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.ToolExpectations;
import org.reposearcheval.evals.suite.ToolName;
import org.reposearcheval.evals.util.Secrets;

/** The prompts a run directory keeps for its pages. */
class PromptsTest {
  private static final Secrets NONE = Secrets.fromEnvironment(Map.of());

  @TempDir Path runDir;

  @Test
  void savedPromptsAndExpectationsReadBack() throws IOException {
    Prompts.save(runDir, List.of(TestJobs.testCase("a", "Where?\nSay the file.", "X.java")), NONE);

    Prompts loaded = Prompts.load(runDir);

    assertEquals(
        Optional.of(
            new Prompts.CasePrompt("Where?\nSay the file.", List.of("contains \"X.java\""))),
        loaded.find("a"));
    assertEquals(Optional.empty(), loaded.find("b"));
  }

  @Test
  void aSecretInAPromptOrAnExpectationIsMasked() throws IOException {
    Secrets secrets = Secrets.fromEnvironment(Map.of("REPO_TOKEN", "tok-0123456789"));
    Prompts.save(
        runDir, List.of(TestJobs.testCase("a", "use tok-0123456789", "tok-0123456789")), secrets);

    String file = Files.readString(runDir.resolve(Prompts.FILE));

    assertLacks(file, "tok-0123456789");
    assertEquals(
        new Prompts.CasePrompt("use ***", List.of("contains \"***\"")),
        Prompts.load(runDir).find("a").orElseThrow());
  }

  @Test
  void aResumedRunKeepsWhatItRecordedAndRecordsACaseAskedAgainAsItIsNow() throws IOException {
    Prompts.save(
        runDir,
        List.of(TestJobs.testCase("a", "old a", "x"), TestJobs.testCase("b", "old b", "x")),
        NONE);
    Prompts.save(runDir, List.of(TestJobs.testCase("b", "new b", "y")), NONE);

    Prompts loaded = Prompts.load(runDir);

    assertEquals("old a", loaded.find("a").orElseThrow().prompt());
    assertEquals("new b", loaded.find("b").orElseThrow().prompt());
    assertEquals(List.of("contains \"y\""), loaded.find("b").orElseThrow().expectations());
  }

  @Test
  void aRunDirectoryWithoutTheFileRecordedNothingAndABrokenOneIsAnError() throws IOException {
    assertEquals(Optional.empty(), Prompts.load(runDir).find("a"));

    Files.writeString(runDir.resolve(Prompts.FILE), "{not json");
    IOException e = assertThrows(IOException.class, () -> Prompts.load(runDir));
    assertTrue(e.getMessage().contains(Prompts.FILE), e.getMessage());
  }

  @Test
  void everyExpectationIsNamedAsTheScorerNamesItWhenMissed() {
    Expectations expect =
        new Expectations(
            List.of("RunAll"),
            List.of(Pattern.compile("Job\\w+")),
            List.of("Scheduler"),
            List.of("evals/run/RunAll.java"),
            new ToolExpectations(
                List.of(ToolName.parse("/^mcp__repo__/")), List.of(ToolName.parse("Grep")), 1));
    ToolCalls calls = new ToolCalls(3, 0, Map.of("Grep", 3));

    List<String> missed = Scorer.missed(expect, "Scheduler", calls, true);
    List<String> described = Prompts.describe(expect);

    assertEquals(7, missed.size());
    assertEquals(
        List.of(
            "contains \"RunAll\"",
            "regex /Job\\w+/",
            "notContains \"Scheduler\"",
            "files \"evals/run/RunAll.java\"",
            "tools.used /^mcp__repo__/",
            "tools.notUsed Grep",
            "tools.maxCalls 1"),
        described);
    for (int i = 0; i < missed.size(); i++) {
      assertTrue(Prompts.isMissed(described.get(i), missed.get(i)), missed.get(i));
    }
    assertEquals(
        List.of(
            new RunView.Expectation("contains \"RunAll\"", true),
            new RunView.Expectation("regex /Job\\w+/", false),
            new RunView.Expectation("notContains \"Scheduler\"", false),
            new RunView.Expectation("files \"evals/run/RunAll.java\"", false),
            new RunView.Expectation("tools.used /^mcp__repo__/", false),
            new RunView.Expectation("tools.notUsed Grep", true),
            new RunView.Expectation("tools.maxCalls 1", true)),
        RunView.expectations(
            Optional.of(new Prompts.CasePrompt("q", described)),
            List.of(
                "contains \"RunAll\"",
                "tools.notUsed Grep (called 3 times)",
                "tools.maxCalls 1 (made 3)")));
  }
}
