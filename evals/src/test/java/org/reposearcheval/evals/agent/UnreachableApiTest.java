package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;

/**
 * A run whose agent could not reach its API says, after the agent's own words, which settings
 * choose the endpoint: for Codex the provider's {@code -c} overrides, never {@code
 * OPENAI_BASE_URL}, which it ignores.
 */
class UnreachableApiTest {
  @TempDir Path dir;

  /**
   * A stand-in for codex that prints a {@code turn.failed} event with {@code message} and exits 1,
   * as codex 0.169 does: the run is an error, and this returns the error it names.
   */
  private String codexFailedWith(String message) throws Exception {
    String event = "{\"type\":\"turn.failed\",\"error\":{\"message\":\"" + message + "\"}}";
    RunResult result = codex("printf '%s\\n' '" + event + "'\nexit 1", Duration.ofSeconds(30));
    assertEquals(RunStatus.ERROR, result.status(), result.error());
    return result.error();
  }

  /** A stand-in for codex that runs {@code script} after reading its prompt. */
  private RunResult codex(String script, Duration timeout) throws Exception {
    Path codex = dir.resolve("codex");
    Files.writeString(codex, "#!/bin/sh\ncat >/dev/null\n" + script + "\n");
    Files.setPosixFilePermissions(codex, PosixFilePermissions.fromString("rwxr-xr-x"));
    AgentSpec spec = new AgentSpec("codex", Optional.of(codex.toString()), List.of(), Map.of());
    try (AgentSolver solver =
        new AgentSolver(
            new AgentOptions(
                Binaries.of("claude", "claude"), dir, Optional.empty(), Optional.empty(), timeout),
            dir.resolve("out"),
            Map.of("PATH", "/usr/bin:/bin", "CODEX_API_KEY", "k"))) {
      return solver.solve(
          new Job(0, TestJobs.testCase("c", "Where?", "x"), Arm.withoutMcp(spec), 1));
    }
  }

  @Test
  void codexThatCannotConnectNamesTheSettingsThatChooseItsEndpoint() throws Exception {
    String error = codexFailedWith("stream error: failed to connect to Responses WebSocket");

    assertTrue(error.contains("failed to connect to Responses WebSocket"), error);
    assertTrue(
        error.contains("Codex CLI could not reach its API; the endpoint is chosen by"), error);
    assertTrue(error.contains("-c model_provider=ID"), error);
    assertTrue(error.contains("codex ignores OPENAI_BASE_URL"), error);
  }

  @Test
  void anotherErrorIsLeftAsTheAgentSaidIt() throws Exception {
    String error = codexFailedWith("unexpected status 400: bad request");

    assertTrue(error.contains("bad request"), error);
    assertLacks(error, "endpoint");
  }

  @Test
  void everyAgentNamesItsOwnEndpointSettings() {
    for (AgentCli cli : AgentClis.all()) {
      assertFalse(cli.endpointSettings().equals("its own settings"), cli.name());
    }
    assertTrue(Unreachable.says("connect ECONNREFUSED 127.0.0.1:9"));
    assertFalse(Unreachable.says("429 Too Many Requests"));
  }

  /**
   * A codex that keeps retrying an API it cannot reach says nothing and runs into the timeout: the
   * timeout names the endpoint's settings too. The control, a codex that ran a command (so its API
   * answered) before it hung, times out without them.
   */
  @Test
  void aTimeoutWithNothingFromTheApiNamesTheEndpointSettingsAndOneAfterAToolCallDoesNot()
      throws Exception {
    RunResult silent = codex("exec sleep 30", Duration.ofSeconds(2));

    assertEquals(RunStatus.TIMEOUT, silent.status(), silent.error());
    assertTrue(silent.error().startsWith("no answer within the 2s timeout"), silent.error());
    assertTrue(
        silent.error().contains("Codex CLI had no response from its API before the timeout"),
        silent.error());
    assertTrue(silent.error().contains("-c model_provider=ID"), silent.error());

    RunResult working =
        codex(
            "printf '%s\\n' '{\"type\":\"item.completed\",\"item\":{\"id\":\"i1\","
                + "\"type\":\"command_execution\",\"command\":\"ls\",\"aggregated_output\":\"a\","
                + "\"exit_code\":0,\"status\":\"completed\"}}'\nexec sleep 30",
            Duration.ofSeconds(2));

    assertEquals(RunStatus.TIMEOUT, working.status(), working.error());
    assertEquals(1, working.toolCalls().total(), "the control's tool call was read");
    assertFalse(working.error().contains("endpoint"), working.error());
  }
}
