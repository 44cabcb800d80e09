package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * {@code --agent-args} and {@code --agent-env} give the two arms' agent what a variant's {@code
 * args} and {@code env} give it, and the env's values are never written down.
 */
class AgentArgsOptionsTest {
  private static final String VALUE = "gateway-value-0123456789";

  @TempDir Path dir;
  Path cases;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void writeSuite() throws IOException {
    cases = Files.createDirectories(dir.resolve("cases"));
    TestSuites.writeCase(cases, "alpha", "answer=It is in RunAll.java", "RunAll.java");
    TestSuites.writeMcpConfig(cases);
  }

  private int run(List<String> args) {
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args.toArray(String[]::new));
  }

  private List<String> args(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--cases",
                cases.toString(),
                "--claude",
                MainTest.FAKE_CLAUDE.toString(),
                "--repo",
                dir.toString(),
                "--output",
                dir.resolve("out").toString()));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void bothArmsGetTheArgumentsBeforeTheHarnessesAndTheVariableMasked() {
    int code =
        run(
            args(
                "--dry-run",
                "--agent-args=--settings",
                "--agent-args",
                "extra.json",
                "--agent-env",
                "GATEWAY_SETTING=" + VALUE));

    assertEquals(ExitCodes.OK, code, err.toString());
    String printed = out.toString();
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
    out.getBuffer().setLength(0);
    assertEquals(ExitCodes.OK, run(args("--dry-run")), err.toString());
    assertFalse(out.toString().contains("--settings"), out.toString());
    assertFalse(out.toString().contains("GATEWAY_SETTING"), out.toString());
  }

  @Test
  void runJsonRecordsTheVariablesNameOnlyAndResumeAsksForItsValue() throws IOException {
    int code = run(args("--mode", "without-mcp", "--agent-env", "GATEWAY_SETTING=" + VALUE));

    assertEquals(ExitCodes.OK, code, err.toString());
    String manifest = Files.readString(dir.resolve("out/run.json"));
    assertTrue(manifest.contains("\"GATEWAY_SETTING\" : \"***\""), manifest);
    try (var files = Files.walk(dir.resolve("out"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(Files.readString(file).contains(VALUE), "the value is in " + file);
      }
    }
    org.reposearcheval.evals.ReportSchemas.assertValid(dir.resolve("out"));

    int resumed = run(List.of("run", "--resume", dir.resolve("out").toString()));

    assertEquals(ExitCodes.BAD_INPUT, resumed, out.toString());
    assertTrue(
        err.toString()
            .contains(
                "--agent-env GATEWAY_SETTING: run.json records its name, never its value; set"
                    + " GATEWAY_SETTING in the environment to resume"),
        err.toString());
  }

  @Test
  void aBadVariableNameIsAUsageError() {
    assertEquals(ExitCodes.BAD_INPUT, run(args("--dry-run", "--agent-env", "1BAD=x")));
    assertTrue(
        err.toString().contains("'1BAD' is not a valid environment variable name"), err.toString());
  }
}
