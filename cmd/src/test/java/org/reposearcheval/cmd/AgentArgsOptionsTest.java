package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --agent-args} and {@code --agent-env} give the two arms' agent what a variant's {@code
 * args} and {@code env} give it, and the env's values are never written down.
 */
class AgentArgsOptionsTest {
  private static final String VALUE = "gateway-value-0123456789";

  @TempDir Path dir;
  Path cases;
  final Cli cli = new Cli();

  @BeforeEach
  void writeSuite() throws IOException {
    cases = Files.createDirectories(dir.resolve("cases"));
    TestSuites.writeCase(cases, "alpha", "answer=It is in RunAll.java", "RunAll.java");
    TestSuites.writeMcpConfig(cases);
  }

  @Test
  void bothArmsGetTheArgumentsBeforeTheHarnessesAndTheVariableMasked() {
    int code =
        cli.run(
            Cli.runArgs(
                cases,
                dir,
                "--dry-run",
                "--agent-args=--settings",
                "--agent-args",
                "extra.json",
                "--agent-env",
                "GATEWAY_SETTING=" + VALUE));

    assertEquals(ExitCodes.OK, code, cli.err());
    String printed = cli.out();
    // One command line per arm, each with the arguments right after the binary, before "-p".
    assertEquals(
        2,
        printed
            .lines()
            .filter(l -> l.contains(MainTest.FAKE_CLAUDE + " --settings extra.json -p "))
            .count(),
        printed);
    assertEquals(2, printed.lines().filter(l -> l.contains("GATEWAY_SETTING=***")).count());
    assertFalse(printed.contains(VALUE), printed);

    // Positive control: without the options, neither is there.
    cli.clear();
    assertEquals(ExitCodes.OK, cli.run(Cli.runArgs(cases, dir, "--dry-run")), cli.err());
    assertFalse(cli.out().contains("--settings"), cli.out());
    assertFalse(cli.out().contains("GATEWAY_SETTING"), cli.out());
  }

  @Test
  void runJsonRecordsTheVariablesNameOnlyAndResumeAsksForItsValue() throws IOException {
    int code =
        cli.run(
            Cli.runArgs(
                cases, dir, "--mode", "without-mcp", "--agent-env", "GATEWAY_SETTING=" + VALUE));

    assertEquals(ExitCodes.OK, code, cli.err());
    String manifest = Files.readString(dir.resolve("out/run.json"));
    assertTrue(manifest.contains("\"GATEWAY_SETTING\" : \"***\""), manifest);
    try (var files = Files.walk(dir.resolve("out"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(Files.readString(file).contains(VALUE), "the value is in " + file);
      }
    }
    org.reposearcheval.evals.ReportSchemas.assertValid(dir.resolve("out"));

    int resumed = cli.run(List.of("run", "--resume", dir.resolve("out").toString()));

    assertEquals(ExitCodes.BAD_INPUT, resumed, cli.out());
    assertTrue(
        cli.err()
            .contains(
                "--agent-env GATEWAY_SETTING: run.json records its name, never its value; set"
                    + " GATEWAY_SETTING in the environment to resume"),
        cli.err());
  }

  @Test
  void aBadVariableNameIsAUsageError() {
    assertEquals(
        ExitCodes.BAD_INPUT,
        cli.run(Cli.runArgs(cases, dir, "--dry-run", "--agent-env", "1BAD=x")));
    assertTrue(cli.err().contains("'1BAD' is not a valid environment variable name"), cli.err());
  }
}
