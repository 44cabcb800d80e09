package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare and report end to end: two real runs with the test agent, then the commands. */
class CompareCommandTest {
  static final Path FAKE_CLAUDE = MainTest.FAKE_CLAUDE;

  @TempDir Path dir;
  Path cases;
  final Cli cli = new Cli();

  /** Runs {@code args}, what earlier runs printed forgotten. */
  private int runAfresh(String... args) {
    cli.clear();
    return cli.run(args);
  }

  @BeforeEach
  void writeSuite() throws IOException {
    cases = Files.createDirectories(dir.resolve("cases"));
    TestSuites.writeMcpConfig(cases);
    TestSuites.writeCase(cases, "alpha", "answer=It is in RunAll.java", "RunAll.java");
    TestSuites.writeCase(cases, "beta", "answer=see Evaluation.java", "Evaluation.java");
  }

  private Path evaluate(String name) {
    return evaluate(name, ExitCodes.OK);
  }

  private Path evaluate(String name, int expectedCode, String... more) {
    return evaluate(name, FAKE_CLAUDE, expectedCode, more);
  }

  /** A run of the suite into {@code name} with {@code agent} as Claude Code. */
  private Path evaluate(String name, Path agent, int expectedCode, String... more) {
    Path output = dir.resolve(name);
    List<String> args = Cli.runArgs(cases, agent, dir, output, more);
    int code = runAfresh(args.toArray(String[]::new));
    assertEquals(expectedCode, code, cli.err());
    return output;
  }

  @Test
  void theSameAnswersCompareCleanAndExitZero() throws IOException {
    Path base = evaluate("base");
    Path head = evaluate("head");
    Path summary = dir.resolve("summary/compare.md");

    int code =
        runAfresh("compare", base.toString(), head.toString(), "--output", summary.toString());

    assertEquals(ExitCodes.OK, code, cli.err() + cli.out());
    assertTrue(cli.out().startsWith("## ✅ No regression beyond the thresholds"), cli.out());
    assertTrue(
        cli.out().contains("| with-mcp | 100% | 100% | 0 (not informative) | 0 | 0 |"), cli.out());
    assertEquals(cli.out(), Files.readString(summary));
  }

  /**
   * An agent that is the test agent with its prompt edited by the sed {@code script} on the way in
   * (the case files stay as they are: the agent changed, not the question), reporting {@code
   * version}.
   */
  private Path agent(String name, String version, String script) throws IOException {
    return TestSuites.agent(
        dir.resolve("agent-" + name),
        "[[ ${1:-} == --version ]] && { echo '"
            + version
            + " (Fake Claude)'; exit 0; }\n"
            + "sed -e '"
            + script
            + "' | exec \"$fake\" \"$@\"");
  }

  @Test
  void aCaseThatStopsPassingIsARegressionAndExitsOne() throws IOException {
    Path base = evaluate("base");
    Path worse = agent("worse", "9.9.9", "s/see Evaluation.java/no idea/");
    Path head = evaluate("head", worse, ExitCodes.OK);

    int code = runAfresh("compare", base.resolve("report.json").toString(), head.toString());

    assertEquals(ExitCodes.REGRESSION, code, cli.err() + cli.out());
    String md = cli.out();
    assertTrue(md.startsWith("## ❌ Regression beyond the thresholds"), md);
    assertContains(
        md,
        "- ❌ with-mcp: pass rate fell from 100% to 50% (−50 points)",
        "| `beta` | without-mcp | ✅ passed | ❌ failed | regressed |");
    assertFalse(md.contains("The setup changed"), md);
    assertEquals(
        ExitCodes.OK,
        runAfresh("compare", base.toString(), head.toString(), "--max-pass-rate-drop", "0.5"));
  }

  @Test
  void anEditedExpectationIsAChangedCaseNotARegression() throws IOException {
    Path base = evaluate("base");
    TestSuites.writeCase(cases, "beta", "answer=see Evaluation.java", "no idea");
    Path head = evaluate("head");

    int code = runAfresh("compare", base.toString(), head.toString());

    String md = cli.out();
    assertEquals(ExitCodes.OK, code, cli.err() + md);
    assertTrue(md.startsWith("## ✅ No regression beyond the thresholds"), md);
    assertContains(
        md,
        "- Changed (the case file differs between base and head): `beta`",
        "over the 1 case the same in both runs",
        "| `beta` | with-mcp | ✅ passed | ❌ failed | case file changed: not compared |",
        "| with-mcp | 100% | 100% | 0 (not informative) | 0 | 0 |");
    assertFalse(md.contains("| regressed |\n"), md);
    assertEquals(
        ExitCodes.BAD_INPUT,
        runAfresh("compare", base.toString(), head.toString(), "--require-same-suite"));
    assertTrue(
        cli.err().contains("ran different suites (--require-same-suite): changed beta"), cli.err());
  }

  @Test
  void aCaseThatStartsTimingOutFailsTheGateThoughNoAnswerGotWorse() throws IOException {
    Path base = evaluate("base");
    Path hangs = agent("hangs", "9.9.9", "/Evaluation/s/^/hang /");
    Path head =
        evaluate("head", hangs, ExitCodes.RUNS_INCOMPLETE, "--timeout", "2s", "--retries", "0");

    int code = runAfresh("compare", base.toString(), head.toString());

    String md = cli.out();
    assertEquals(ExitCodes.REGRESSION, code, cli.err() + md);
    assertContains(
        md,
        "- ❌ with-mcp: 1 of 2 cases that answered in the base no longer answers in the head"
            + " (beta: timeout), and no case may stop answering; answer rate fell from 100%"
            + " to 50% (−50 points)",
        "| `beta` | without-mcp | answered | ⚠️ timeout | stopped |");
    assertEquals(
        ExitCodes.OK,
        runAfresh("compare", base.toString(), head.toString(), "--max-answer-rate-drop", "0.5"),
        cli.out());
  }

  @Test
  void aCaseThatStopsAnsweringWhileAnotherStartsExitsOneThoughTheAnswerRateHolds()
      throws IOException {
    // Six cases a…f. Base: a times out, the rest pass (TPPPPP). Head: b times out (PTPPPP).
    for (String id : List.of("a", "b", "c", "d", "e", "f")) {
      TestSuites.writeCase(cases, id, "answer=found in case-" + id, "case-" + id);
    }
    Files.delete(cases.resolve("alpha.json"));
    Files.delete(cases.resolve("beta.json"));
    String[] quick = {"--timeout", "2s", "--retries", "0", "--parallel", "4"};
    Path base =
        evaluate(
            "base", agent("a", "9.9.9", "/case-a/s/^/hang /"), ExitCodes.RUNS_INCOMPLETE, quick);
    Path head =
        evaluate(
            "head", agent("b", "9.9.9", "/case-b/s/^/hang /"), ExitCodes.RUNS_INCOMPLETE, quick);

    int code = runAfresh("compare", base.toString(), head.toString());

    String md = cli.out();
    assertEquals(ExitCodes.REGRESSION, code, cli.err() + md);
    assertContains(
        md,
        "- ❌ with-mcp: 1 of 5 cases that answered in the base no longer answers in the head"
            + " (b: timeout), and no case may stop answering; answer rate 83% in both (a"
            + " started answering)\n",
        "| with-mcp | 83% (5/6) | 83% (5/6) | `b` (timeout) |",
        "| `a` | with-mcp | ⚠️ no verdict | answered | started answering |");
    assertFalse(md.contains("more than the allowed 0 points"), md);
  }

  @Test
  void anotherAgentVersionIsNamedAtTheTopAndAnErrorWhenTheSameSetupIsRequired() throws IOException {
    Path base = evaluate("base");
    Path newer = agent("newer", "9.9.10", "");
    Path head = evaluate("head", newer, ExitCodes.OK);

    assertEquals(ExitCodes.OK, runAfresh("compare", base.toString(), head.toString()), cli.out());
    String md = cli.out();
    assertTrue(
        md.contains(
            "### ⚠️ The setup changed\n\n- with-mcp, without-mcp: base ran Claude Code 9.9.9,"
                + " head Claude Code 9.9.10\n"),
        md);
    assertTrue(md.indexOf("The setup changed") < md.indexOf("### Answers per mode"), md);
    assertEquals(
        ExitCodes.BAD_INPUT,
        runAfresh("compare", base.toString(), head.toString(), "--require-same-setup"));
    assertTrue(
        cli.err()
            .contains(
                "ran with different setups (--require-same-setup): with-mcp, without-mcp: base ran"
                    + " Claude Code 9.9.9, head Claude Code 9.9.10"),
        cli.err());
  }

  @Test
  void aChangedSuiteIsAnErrorOnlyWhenTheSameSuiteIsRequired() throws IOException {
    Path base = evaluate("base");
    Files.delete(cases.resolve("beta.json"));
    Path head = evaluate("head");

    assertEquals(ExitCodes.OK, runAfresh("compare", base.toString(), head.toString()), cli.out());
    assertTrue(cli.out().contains("- Only in the base (removed): `beta`"), cli.out());
    assertEquals(
        ExitCodes.BAD_INPUT,
        runAfresh("compare", base.toString(), head.toString(), "--require-same-suite"));
    assertTrue(
        cli.err().contains("ran different suites (--require-same-suite): removed beta"), cli.err());
  }

  @Test
  void badInputExitsTwo() throws IOException {
    Path base = evaluate("base");

    assertEquals(
        ExitCodes.BAD_INPUT, runAfresh("compare", base.toString(), dir.resolve("nope").toString()));
    assertTrue(cli.err().contains("nope: no report here"), cli.err());
    assertEquals(ExitCodes.BAD_INPUT, runAfresh("compare", base.toString()));
    assertEquals(
        ExitCodes.BAD_INPUT,
        runAfresh("compare", base.toString(), base.toString(), "--max-pass-rate-drop", "-1"));
  }

  @Test
  void reportRerendersEveryFormatFromTheRawResults() throws IOException {
    Path base = evaluate("base");
    Files.delete(base.resolve("report.html"));
    Files.delete(base.resolve("junit.xml"));
    String json = Files.readString(base.resolve("report.json"));
    Files.writeString(
        base.resolve("report.json"), json.replace("\"passRate\" : 1.0", "\"passRate\" : 0.0"));

    int code = runAfresh("report", base.toString());

    assertEquals(ExitCodes.OK, code, cli.err());
    assertTrue(cli.out().contains("4 runs; wrote report.json"), cli.out());
    assertTrue(Files.exists(base.resolve("report.html")));
    assertTrue(Files.exists(base.resolve("junit.xml")));
    assertEquals(json, Files.readString(base.resolve("report.json")));
    assertEquals(ExitCodes.BAD_INPUT, runAfresh("report", dir.resolve("nope").toString()));
  }
}
