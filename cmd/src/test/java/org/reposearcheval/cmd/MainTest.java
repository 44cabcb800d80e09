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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line end to end, in process, with the test agent standing in for claude. */
class MainTest {
  static final Path FAKE_CLAUDE =
      Path.of("../evals/src/test/agent/fake-claude").toAbsolutePath().normalize();

  @TempDir Path dir;
  Path cases;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void writeSuite() throws IOException {
    cases = Files.createDirectories(dir.resolve("cases"));
    TestSuites.writeCase(
        cases, "alpha", "tool=mcp__repo__search_files answer=It is in RunAll.java", "RunAll.java");
    TestSuites.writeCase(cases, "beta", "answer=no idea", "Evaluation.java");
    TestSuites.writeMcpConfig(cases);
  }

  private int run(String... args) {
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  private List<String> runArgs(String... extra) {
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
                dir.resolve("out").toString()));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void runWithVerdictsOnlyExitsZeroAndWritesBothReports() throws IOException {
    int code = run(runArgs("--parallel", "3").toArray(String[]::new));

    assertEquals(ExitCodes.OK, code, err.toString());
    String console = out.toString();
    assertTrue(console.contains("4 runs, 3 at a time"), console);
    assertTrue(console.contains("alpha with-mcp passed"), console);
    assertTrue(console.contains("beta without-mcp failed"), console);
    assertTrue(console.contains("[4/4]"), console);
    assertTrue(console.contains("speedup"), console);
    org.reposearcheval.evals.ReportSchemas.assertValid(dir.resolve("out"));
    String json = Files.readString(dir.resolve("out/report.json"));
    assertTrue(json.contains("\"schemaVersion\" : 1"), json);
    assertTrue(json.contains("\"claudeCodeVersion\" : \"9.9.9\""), json);
    String md = Files.readString(dir.resolve("out/report.md"));
    assertTrue(md.contains("| **pass rate** | **50%** | **50%** |"), md);
    assertTrue(md.contains("missed: contains \"Evaluation.java\""), md);
  }

  @Test
  void verboseAlsoSaysWhenEachRunStartsAndPipedOutputHasNoLiveLine() {
    int code = run(runArgs("--mode", "without-mcp", "--verbose").toArray(String[]::new));

    assertEquals(ExitCodes.OK, code, err.toString());
    String console = out.toString();
    assertTrue(console.contains("started alpha without-mcp"), console);
    assertTrue(console.contains("started beta without-mcp"), console);
    assertTrue(console.contains("[2/2]"), console);
    assertTrue(!console.contains("\r") && !console.contains("\033"), console);
    String way =
        "jdk".equals(System.getenv("REPO_SEARCH_EVAL_SPAWN"))
            ? "agents start through ProcessBuilder (REPO_SEARCH_EVAL_SPAWN=jdk)"
            : "agents start through posix_spawnp (glibc)";
    assertTrue(console.contains(way), console);
  }

  @Test
  void runWithAnErrorExitsOne() throws IOException {
    TestSuites.writeCase(cases, "gamma", "crash", "x");

    int code = run(runArgs("--mode", "without-mcp").toArray(String[]::new));

    assertEquals(ExitCodes.RUNS_INCOMPLETE, code, err.toString());
    assertTrue(out.toString().contains("gamma without-mcp error"), out.toString());
  }

  @Test
  void badCaseFileExitsTwoNamingFileAndFieldAndRunsNothing() throws IOException {
    Files.writeString(
        cases.resolve("bad.json"),
        "{\"id\":\"bad\",\"prompt\":\"q\",\"expect\":{\"regex\":[\"(\"]}}");

    int code = run(runArgs().toArray(String[]::new));

    assertEquals(ExitCodes.BAD_INPUT, code);
    assertTrue(err.toString().contains("bad.json: field 'expect.regex[0]'"), err.toString());
    assertTrue(Files.notExists(dir.resolve("out/report.json")));
  }

  @Test
  void validateChecksWithoutRunning() {
    assertEquals(ExitCodes.OK, run("validate", "--cases", cases.toString()));
    assertTrue(out.toString().contains("ok: 2 cases"), out.toString());
  }

  @Test
  void missingMcpConfigExitsTwoWhenTheWithMcpArmRuns() throws IOException {
    Files.delete(cases.resolve("mcp.json"));

    assertEquals(ExitCodes.BAD_INPUT, run(runArgs().toArray(String[]::new)));
    assertTrue(err.toString().contains("mcp.json"), err.toString());
    assertEquals(
        ExitCodes.OK, run(runArgs("--mode", "without-mcp").toArray(String[]::new)), err.toString());
  }

  @Test
  void unstartableClaudeExitsTwo() {
    List<String> args = runArgs();
    args.set(args.indexOf("--claude") + 1, dir.resolve("no-such-claude").toString());

    assertEquals(ExitCodes.BAD_INPUT, run(args.toArray(String[]::new)));
    assertTrue(err.toString().contains("--claude"), err.toString());
  }

  @Test
  void tagsSelectCasesAndAnUnknownTagIsBadInput() throws IOException {
    Files.writeString(
        cases.resolve("tagged.json"),
        "{\"id\":\"tagged\",\"prompt\":\"answer=ok\",\"expect\":{\"contains\":[\"ok\"]},\"tags\":[\"smoke\"]}");

    assertEquals(
        ExitCodes.OK, run(runArgs("--tag", "smoke").toArray(String[]::new)), err.toString());
    assertTrue(out.toString().contains("2 runs"), out.toString());
    assertEquals(
        ExitCodes.BAD_INPUT, run("validate", "--cases", cases.toString(), "--tag", "nope"));
    assertTrue(err.toString().contains("nope"), err.toString());
  }

  @Test
  void outputThatAlreadyHoldsARunIsRefused() {
    assertEquals(
        ExitCodes.OK, run(runArgs("--mode", "without-mcp").toArray(String[]::new)), err.toString());
    assertEquals(ExitCodes.BAD_INPUT, run(runArgs("--mode", "without-mcp").toArray(String[]::new)));
    assertTrue(err.toString().contains("already holds a run"), err.toString());
  }

  @Test
  void validateWithoutMcpNeedsNoMcpConfig() throws IOException {
    Files.delete(cases.resolve("mcp.json"));
    assertEquals(ExitCodes.BAD_INPUT, run("validate", "--cases", cases.toString()));
    assertEquals(
        ExitCodes.OK, run("validate", "--cases", cases.toString(), "--mode", "without-mcp"));
  }

  @Test
  void shardsRunAloneAndMergeIntoOneRunDirectory() {
    for (String k : List.of("1", "2")) {
      List<String> args = runArgs("--shard", k + "/2");
      args.set(args.indexOf("--output") + 1, dir.resolve("shard" + k).toString());
      assertEquals(ExitCodes.OK, run(args.toArray(String[]::new)), err.toString());
    }
    assertTrue(out.toString().contains("2 runs"), out.toString());

    assertEquals(
        ExitCodes.BAD_INPUT,
        run("merge", dir.resolve("shard1").toString(), "--output", dir.resolve("m").toString()));
    assertTrue(err.toString().contains("shard 2/2 is missing"), err.toString());
    assertEquals(
        ExitCodes.OK,
        run(
            "merge",
            dir.resolve("shard1").toString(),
            dir.resolve("shard2").toString(),
            "--output",
            dir.resolve("merged").toString()),
        err.toString());
    assertTrue(out.toString().contains("merged 2 shards: 4 runs"), out.toString());
  }

  @Test
  void namedVariantsRunAsArmsAgainstTheBaseline() throws IOException {
    Files.writeString(
        cases.resolve("variants.json"),
        """
        {"baseline": "without-mcp",
         "variants": [{"name": "with-mcp", "mcpConfig": "mcp.json"},
                      {"name": "sonnet", "model": "claude-sonnet-4-5"}]}\
        """);
    Path variants = dir.resolve("variants.json");
    Files.move(cases.resolve("variants.json"), variants);
    Files.copy(cases.resolve("mcp.json"), dir.resolve("mcp.json"));

    int code =
        run(runArgs("--variants", variants.toString(), "--parallel", "2").toArray(String[]::new));

    assertEquals(ExitCodes.OK, code, err.toString());
    assertTrue(out.toString().contains("6 runs"), out.toString());
    assertTrue(out.toString().contains("alpha sonnet passed"), out.toString());
    String json = Files.readString(dir.resolve("out/report.json"));
    assertTrue(json.contains("\"model\" : \"claude-sonnet-4-5\""), json);
    assertEquals(
        ExitCodes.OK,
        run(runArgs("--variants", variants.toString(), "--dry-run").toArray(String[]::new)));
    assertTrue(
        out.toString().contains("--allowedTools 'Read Grep Glob' --model claude-sonnet-4-5"),
        out.toString());
    assertEquals(
        ExitCodes.BAD_INPUT,
        run(
            runArgs("--variants", variants.toString(), "--mode", "with-mcp")
                .toArray(String[]::new)));
    assertTrue(err.toString().contains("leave out --mode"), err.toString());
  }

  @Test
  void dryRunPrintsEachCommandLineAndRunsNothing() {
    int code = run(runArgs("--dry-run").toArray(String[]::new));

    assertEquals(ExitCodes.OK, code, err.toString());
    String printed = out.toString();
    assertTrue(
        printed.contains("# 0 alpha with-mcp #1 (timeout 10m; the prompt goes on stdin)"), printed);
    assertTrue(printed.contains("--strict-mcp-config"), printed);
    assertTrue(
        printed.contains("printf %s 'tool=mcp__repo__search_files answer=It is in RunAll.java' | "),
        printed);
    assertTrue(printed.contains("'{\"mcpServers\":{}}'"), printed);
    assertTrue(Files.notExists(dir.resolve("out")), "a dry run writes nothing");
  }

  @Test
  void anUnknownAgentIsRefusedByName() {
    int code = run(runArgs("--agent", "cursor", "--dry-run").toArray(String[]::new));

    assertEquals(ExitCodes.BAD_INPUT, code);
    assertTrue(
        err.toString()
            .contains(
                "--agent: unknown agent 'cursor'; one of claude, codex, gemini, opencode, auggie"),
        err.toString());
  }

  @Test
  void theAgentCommandRunsTheDefaultArms() {
    int code =
        run(
            runArgs("--claude", "/nonexistent/claude", "--agent-command", FAKE_CLAUDE.toString())
                .toArray(String[]::new));

    // --agent-command wins over --claude for Claude Code: the test agent ran, not the missing one.
    assertEquals(ExitCodes.OK, code, err.toString());
    assertTrue(out.toString().contains("alpha with-mcp passed"), out.toString());
  }

  @Test
  void parallelAutoPicksABoundFromTheMachine() {
    assertEquals(
        ExitCodes.OK, run(runArgs("--parallel", "auto").toArray(String[]::new)), err.toString());
    assertTrue(out.toString().matches("(?s)4 runs, \\d+ at a time.*"), out.toString());
  }

  @ParameterizedTest
  @CsvSource({
    "--retries,-1",
    "--parallel,lots",
    "--min-free-memory,-5",
    "--runs,0",
    "--parallel,-1",
    "--mode,sideways",
    "--timeout,5x",
    "--timeout,0s",
    "--max-turns,0"
  })
  void badOptionValuesAreUsageErrors(String option, String value) {
    assertEquals(ExitCodes.BAD_INPUT, run(runArgs(option, value).toArray(String[]::new)));
    assertTrue(err.toString().contains(option), err.toString());
  }

  @Test
  void versionAndHelpEverywhere() {
    assertEquals(0, run("--version"));
    assertEquals(0, run("run", "--version"));
    assertEquals(0, run("validate", "--help"));
    assertTrue(out.toString().contains("repo-search-eval 0.1.0"), out.toString());
    assertTrue(out.toString().contains("--mcp-config"), out.toString());
  }
}
