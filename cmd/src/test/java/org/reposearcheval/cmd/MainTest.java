package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  final Cli cli = new Cli();

  @BeforeEach
  void writeSuite() throws IOException {
    cases = Files.createDirectories(dir.resolve("cases"));
    TestSuites.writeCase(
        cases, "alpha", "tool=mcp__repo__search_files answer=It is in RunAll.java", "RunAll.java");
    TestSuites.writeCase(cases, "beta", "answer=no idea", "Evaluation.java");
    TestSuites.writeMcpConfig(cases);
  }

  @Test
  void runWithVerdictsOnlyExitsZeroAndWritesBothReports() throws IOException {
    int code = cli.run(Cli.runArgs(cases, dir, "--parallel", "3").toArray(String[]::new));

    assertEquals(ExitCodes.OK, code, cli.err());
    String console = cli.out();
    assertContains(
        console,
        "4 runs, 3 at a time",
        "alpha with-mcp passed",
        "beta without-mcp failed",
        "[4/4]",
        "speedup");
    org.reposearcheval.evals.ReportSchemas.assertValid(dir.resolve("out"));
    String json = Files.readString(dir.resolve("out/report.json"));
    assertContains(json, "\"schemaVersion\" : 1", "\"claudeCodeVersion\" : \"9.9.9\"");
    String md = Files.readString(dir.resolve("out/report.md"));
    assertContains(
        md, "| **pass rate** | **50%** | **50%** |", "missed: contains \"Evaluation.java\"");
  }

  @Test
  void verboseAlsoSaysWhenEachRunStartsAndPipedOutputHasNoLiveLine() {
    int code =
        cli.run(
            Cli.runArgs(cases, dir, "--mode", "without-mcp", "--verbose").toArray(String[]::new));

    assertEquals(ExitCodes.OK, code, cli.err());
    String console = cli.out();
    assertContains(console, "started alpha without-mcp", "started beta without-mcp", "[2/2]");
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

    int code = cli.run(Cli.runArgs(cases, dir, "--mode", "without-mcp").toArray(String[]::new));

    assertEquals(ExitCodes.RUNS_INCOMPLETE, code, cli.err());
    assertTrue(cli.out().contains("gamma without-mcp error"), cli.out());
  }

  @Test
  void badCaseFileExitsTwoNamingFileAndFieldAndRunsNothing() throws IOException {
    Files.writeString(
        cases.resolve("bad.json"),
        "{\"id\":\"bad\",\"prompt\":\"q\",\"expect\":{\"regex\":[\"(\"]}}");

    int code = cli.run(Cli.runArgs(cases, dir).toArray(String[]::new));

    assertEquals(ExitCodes.BAD_INPUT, code);
    assertTrue(cli.err().contains("bad.json: field 'expect.regex[0]'"), cli.err());
    assertTrue(Files.notExists(dir.resolve("out/report.json")));
  }

  @Test
  void validateChecksWithoutRunning() {
    assertEquals(ExitCodes.OK, cli.run("validate", "--cases", cases.toString()));
    assertTrue(cli.out().contains("ok: 2 cases"), cli.out());
  }

  @Test
  void missingMcpConfigExitsTwoWhenTheWithMcpArmRuns() throws IOException {
    Files.delete(cases.resolve("mcp.json"));

    assertEquals(ExitCodes.BAD_INPUT, cli.run(Cli.runArgs(cases, dir).toArray(String[]::new)));
    assertTrue(cli.err().contains("mcp.json"), cli.err());
    assertEquals(
        ExitCodes.OK,
        cli.run(Cli.runArgs(cases, dir, "--mode", "without-mcp").toArray(String[]::new)),
        cli.err());
  }

  @Test
  void unstartableClaudeExitsTwo() {
    List<String> args = Cli.runArgs(cases, dir);
    args.set(args.indexOf("--claude") + 1, dir.resolve("no-such-claude").toString());

    assertEquals(ExitCodes.BAD_INPUT, cli.run(args.toArray(String[]::new)));
    assertTrue(cli.err().contains("--claude"), cli.err());
  }

  @Test
  void tagsSelectCasesAndAnUnknownTagIsBadInput() throws IOException {
    Files.writeString(
        cases.resolve("tagged.json"),
        "{\"id\":\"tagged\",\"prompt\":\"answer=ok\",\"expect\":{\"contains\":[\"ok\"]},\"tags\":[\"smoke\"]}");

    assertEquals(
        ExitCodes.OK,
        cli.run(Cli.runArgs(cases, dir, "--tag", "smoke").toArray(String[]::new)),
        cli.err());
    assertTrue(cli.out().contains("2 runs"), cli.out());
    assertEquals(
        ExitCodes.BAD_INPUT, cli.run("validate", "--cases", cases.toString(), "--tag", "nope"));
    assertTrue(cli.err().contains("nope"), cli.err());
  }

  @Test
  void outputThatAlreadyHoldsARunIsRefused() {
    assertEquals(
        ExitCodes.OK,
        cli.run(Cli.runArgs(cases, dir, "--mode", "without-mcp").toArray(String[]::new)),
        cli.err());
    assertEquals(
        ExitCodes.BAD_INPUT,
        cli.run(Cli.runArgs(cases, dir, "--mode", "without-mcp").toArray(String[]::new)));
    assertTrue(cli.err().contains("already holds a run"), cli.err());
  }

  @Test
  void validateWithoutMcpNeedsNoMcpConfig() throws IOException {
    Files.delete(cases.resolve("mcp.json"));
    assertEquals(ExitCodes.BAD_INPUT, cli.run("validate", "--cases", cases.toString()));
    assertEquals(
        ExitCodes.OK, cli.run("validate", "--cases", cases.toString(), "--mode", "without-mcp"));
  }

  @Test
  void shardsRunAloneAndMergeIntoOneRunDirectory() {
    for (String k : List.of("1", "2")) {
      List<String> args = Cli.runArgs(cases, dir, "--shard", k + "/2");
      args.set(args.indexOf("--output") + 1, dir.resolve("shard" + k).toString());
      assertEquals(ExitCodes.OK, cli.run(args.toArray(String[]::new)), cli.err());
    }
    assertTrue(cli.out().contains("2 runs"), cli.out());

    assertEquals(
        ExitCodes.BAD_INPUT,
        cli.run(
            "merge", dir.resolve("shard1").toString(), "--output", dir.resolve("m").toString()));
    assertTrue(cli.err().contains("shard 2/2 is missing"), cli.err());
    assertEquals(
        ExitCodes.OK,
        cli.run(
            "merge",
            dir.resolve("shard1").toString(),
            dir.resolve("shard2").toString(),
            "--output",
            dir.resolve("merged").toString()),
        cli.err());
    assertTrue(cli.out().contains("merged 2 shards: 4 runs"), cli.out());
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
        cli.run(
            Cli.runArgs(cases, dir, "--variants", variants.toString(), "--parallel", "2")
                .toArray(String[]::new));

    assertEquals(ExitCodes.OK, code, cli.err());
    assertTrue(cli.out().contains("6 runs"), cli.out());
    assertTrue(cli.out().contains("alpha sonnet passed"), cli.out());
    String json = Files.readString(dir.resolve("out/report.json"));
    assertTrue(json.contains("\"model\" : \"claude-sonnet-4-5\""), json);
    assertEquals(
        ExitCodes.OK,
        cli.run(
            Cli.runArgs(cases, dir, "--variants", variants.toString(), "--dry-run")
                .toArray(String[]::new)));
    assertTrue(
        cli.out().contains("--allowedTools 'Read Grep Glob' --model claude-sonnet-4-5"), cli.out());
    assertEquals(
        ExitCodes.BAD_INPUT,
        cli.run(
            Cli.runArgs(cases, dir, "--variants", variants.toString(), "--mode", "with-mcp")
                .toArray(String[]::new)));
    assertTrue(cli.err().contains("leave out --mode"), cli.err());
  }

  @Test
  void dryRunPrintsEachCommandLineAndRunsNothing() {
    int code = cli.run(Cli.runArgs(cases, dir, "--dry-run").toArray(String[]::new));

    assertEquals(ExitCodes.OK, code, cli.err());
    String printed = cli.out();
    assertContains(
        printed,
        "# 0 alpha with-mcp #1 (timeout 10m; the prompt goes on stdin)",
        "--strict-mcp-config",
        "printf %s 'tool=mcp__repo__search_files answer=It is in RunAll.java' | ",
        "'{\"mcpServers\":{}}'");
    assertTrue(Files.notExists(dir.resolve("out")), "a dry run writes nothing");
  }

  @Test
  void anUnknownAgentIsRefusedByName() {
    int code =
        cli.run(Cli.runArgs(cases, dir, "--agent", "cursor", "--dry-run").toArray(String[]::new));

    assertEquals(ExitCodes.BAD_INPUT, code);
    assertTrue(
        cli.err()
            .contains(
                "--agent: unknown agent 'cursor'; one of claude, codex, gemini, opencode, auggie"),
        cli.err());
  }

  @Test
  void theAgentCommandRunsTheDefaultArms() {
    int code =
        cli.run(
            Cli.runArgs(
                    cases,
                    dir,
                    "--claude",
                    "/nonexistent/claude",
                    "--agent-command",
                    FAKE_CLAUDE.toString())
                .toArray(String[]::new));

    // --agent-command wins over --claude for Claude Code: the test agent ran, not the missing one.
    assertEquals(ExitCodes.OK, code, cli.err());
    assertTrue(cli.out().contains("alpha with-mcp passed"), cli.out());
  }

  @Test
  void parallelAutoPicksABoundFromTheMachine() {
    assertEquals(
        ExitCodes.OK,
        cli.run(Cli.runArgs(cases, dir, "--parallel", "auto").toArray(String[]::new)),
        cli.err());
    assertTrue(cli.out().matches("(?s)4 runs, \\d+ at a time.*"), cli.out());
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
    assertEquals(
        ExitCodes.BAD_INPUT,
        cli.run(Cli.runArgs(cases, dir, option, value).toArray(String[]::new)));
    assertTrue(cli.err().contains(option), cli.err());
  }

  @Test
  void versionAndHelpEverywhere() {
    assertEquals(0, cli.run("--version"));
    assertEquals(0, cli.run("run", "--version"));
    assertEquals(0, cli.run("validate", "--help"));
    assertTrue(cli.out().contains("repo-search-eval 0.1.0"), cli.out());
    assertTrue(cli.out().contains("--mcp-config"), cli.out());
  }
}
