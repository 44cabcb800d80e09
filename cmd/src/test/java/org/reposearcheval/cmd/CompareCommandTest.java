package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare and report end to end: two real runs with the test agent, then the commands. */
class CompareCommandTest {
  static final Path FAKE_CLAUDE = MainTest.FAKE_CLAUDE;

  @TempDir Path dir;
  Path cases;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void writeSuite() throws IOException {
    cases = Files.createDirectories(dir.resolve("cases"));
    TestSuites.writeMcpConfig(cases);
    TestSuites.writeCase(cases, "alpha", "answer=It is in RunAll.java", "RunAll.java");
    TestSuites.writeCase(cases, "beta", "answer=see Evaluation.java", "Evaluation.java");
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  private Path evaluate(String name) {
    return evaluate(name, ExitCodes.OK);
  }

  private Path evaluate(String name, int expectedCode, String... more) {
    Path output = dir.resolve(name);
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--cases",
                cases.toString(),
                "--claude",
                FAKE_CLAUDE.toString(),
                "--repo",
                dir.toString(),
                "--output",
                output.toString()));
    args.addAll(List.of(more));
    int code = run(args.toArray(String[]::new));
    assertEquals(expectedCode, code, err.toString());
    return output;
  }

  @Test
  void theSameAnswersCompareCleanAndExitZero() throws IOException {
    Path base = evaluate("base");
    Path head = evaluate("head");
    Path summary = dir.resolve("summary/compare.md");

    int code = run("compare", base.toString(), head.toString(), "--output", summary.toString());

    assertEquals(ExitCodes.OK, code, err + out.toString());
    assertTrue(
        out.toString().startsWith("## ✅ No regression beyond the thresholds"), out.toString());
    assertTrue(
        out.toString().contains("| with-mcp | 100% | 100% | 0 (not informative) | 0 | 0 |"),
        out.toString());
    assertEquals(out.toString(), Files.readString(summary));
  }

  @Test
  void aCaseThatStopsPassingIsARegressionAndExitsOne() throws IOException {
    Path base = evaluate("base");
    TestSuites.writeCase(cases, "beta", "answer=no idea", "Evaluation.java");
    Path head = evaluate("head");

    int code = run("compare", base.resolve("report.json").toString(), head.toString());

    assertEquals(ExitCodes.REGRESSION, code, err + out.toString());
    String md = out.toString();
    assertTrue(md.startsWith("## ❌ Regression beyond the thresholds"), md);
    assertTrue(md.contains("- ❌ with-mcp: pass rate fell from 100% to 50% (−50 points)"), md);
    assertTrue(md.contains("| `beta` | without-mcp | ✅ passed | ❌ failed | regressed |"), md);
    assertEquals(
        ExitCodes.OK,
        run("compare", base.toString(), head.toString(), "--max-pass-rate-drop", "0.5"));
  }

  @Test
  void aCaseThatStartsTimingOutFailsTheGateThoughNoAnswerGotWorse() throws IOException {
    Path base = evaluate("base");
    TestSuites.writeCase(cases, "beta", "hang answer=see Evaluation.java", "Evaluation.java");
    Path head = evaluate("head", ExitCodes.RUNS_INCOMPLETE, "--timeout", "2s", "--retries", "0");

    int code = run("compare", base.toString(), head.toString());

    String md = out.toString();
    assertEquals(ExitCodes.REGRESSION, code, err + md);
    assertTrue(
        md.contains(
            "- ❌ with-mcp: 1 of 2 cases that answered in the base no longer answer in the head"
                + " (beta: timeout); answer rate 100% → 50% (−50 points)"),
        md);
    assertTrue(md.contains("| `beta` | without-mcp | answered | ⚠️ timeout | stopped |"), md);
    assertEquals(
        ExitCodes.OK,
        run("compare", base.toString(), head.toString(), "--max-answer-rate-drop", "0.5"),
        out.toString());
  }

  @Test
  void aChangedSuiteIsAnErrorOnlyWhenTheSameSuiteIsRequired() throws IOException {
    Path base = evaluate("base");
    Files.delete(cases.resolve("beta.json"));
    Path head = evaluate("head");

    assertEquals(ExitCodes.OK, run("compare", base.toString(), head.toString()), out.toString());
    assertTrue(out.toString().contains("- Only in the base (removed): `beta`"), out.toString());
    assertEquals(
        ExitCodes.BAD_INPUT,
        run("compare", base.toString(), head.toString(), "--require-same-suite"));
    assertTrue(
        err.toString().contains("ran different suites (--require-same-suite): removed beta"),
        err.toString());
  }

  @Test
  void badInputExitsTwo() throws IOException {
    Path base = evaluate("base");

    assertEquals(
        ExitCodes.BAD_INPUT, run("compare", base.toString(), dir.resolve("nope").toString()));
    assertTrue(err.toString().contains("nope: no report here"), err.toString());
    assertEquals(ExitCodes.BAD_INPUT, run("compare", base.toString()));
    assertEquals(
        ExitCodes.BAD_INPUT,
        run("compare", base.toString(), base.toString(), "--max-pass-rate-drop", "-1"));
  }

  @Test
  void reportRerendersEveryFormatFromTheRawResults() throws IOException {
    Path base = evaluate("base");
    Files.delete(base.resolve("report.html"));
    Files.delete(base.resolve("junit.xml"));
    String json = Files.readString(base.resolve("report.json"));
    Files.writeString(
        base.resolve("report.json"), json.replace("\"passRate\" : 1.0", "\"passRate\" : 0.0"));

    int code = run("report", base.toString());

    assertEquals(ExitCodes.OK, code, err.toString());
    assertTrue(out.toString().contains("4 runs; wrote report.json"), out.toString());
    assertTrue(Files.exists(base.resolve("report.html")));
    assertTrue(Files.exists(base.resolve("junit.xml")));
    assertEquals(json, Files.readString(base.resolve("report.json")));
    assertEquals(ExitCodes.BAD_INPUT, run("report", dir.resolve("nope").toString()));
  }
}
