package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Path output = dir.resolve(name);
    int code =
        run(
            "run",
            "--cases",
            cases.toString(),
            "--claude",
            FAKE_CLAUDE.toString(),
            "--repo",
            dir.toString(),
            "--output",
            output.toString());
    assertEquals(ExitCodes.OK, code, err.toString());
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
        out.toString().contains("| with-mcp | 100% | 100% | 0 (0 to 0) | 0 | 0 |"), out.toString());
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
