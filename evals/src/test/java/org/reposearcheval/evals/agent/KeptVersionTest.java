package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.reposearcheval.evals.run.Turns;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * The turns kept for a run's page name the model and the agent's version even when the CLI prints
 * neither (codex): the arm's model, and the version preflight asked for.
 */
class KeptVersionTest {
  @TempDir Path dir;

  private JsonNode keptRunLine(Map<String, String> known) throws Exception {
    Path codex = dir.resolve("codex");
    Path recorded = Path.of("src/test/resources/agents/codex/answer-only.jsonl").toAbsolutePath();
    Files.writeString(codex, "#!/bin/sh\ncat >/dev/null\ncat '" + recorded + "'\n");
    Files.setPosixFilePermissions(codex, PosixFilePermissions.fromString("rwxr-xr-x"));
    AgentSpec spec = new AgentSpec("codex", Optional.of(codex.toString()), List.of(), Map.of());
    Path out = dir.resolve("out-" + known.size());
    RunResult result;
    try (AgentSolver solver =
        new AgentSolver(
            new AgentOptions(
                Binaries.of("claude", "claude"),
                dir,
                Optional.of("mock-model"),
                Optional.empty(),
                Duration.ofSeconds(30)),
            out,
            Map.of("PATH", "/usr/bin:/bin", "CODEX_API_KEY", "k"))) {
      solver.knownVersions(known);
      result =
          solver.solve(
              new Job(0, TestJobs.testCase("c", "Say hello", "hello"), Arm.withoutMcp(spec), 1));
    }
    assertEquals(RunStatus.PASSED, result.status(), result.error());
    Path turns = Turns.fileOf(out.resolve(result.transcript()));
    return Json.MAPPER.readTree(Files.readAllLines(turns).getFirst());
  }

  @Test
  void theVersionPreflightAskedForIsKeptWhenTheCliPrintsNone() throws Exception {
    JsonNode run = keptRunLine(Map.of("codex", "0.169.0"));

    assertEquals("codex", run.get("agent").asString());
    assertEquals("mock-model", run.get("model").asString());
    assertEquals("0.169.0", run.get("version").asString());
  }

  @Test
  void withoutItTheVersionIsUnknownNotInvented() throws Exception {
    JsonNode run = keptRunLine(Map.of());

    assertTrue(run.get("version").isNull(), run.toString());
  }
}
