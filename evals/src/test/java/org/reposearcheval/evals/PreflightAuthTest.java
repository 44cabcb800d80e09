package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * The README's promise for every agent: missing authentication is named in one line before anything
 * runs (exit 2 on the command line). The agent's binary is one that would record being started, so
 * the test also proves nothing was.
 */
class PreflightAuthTest {
  @TempDir Path dir;

  @Test
  void anAgentWithoutCredentialsIsNamedBeforeAnythingRuns() throws Exception {
    Path cases = Files.createDirectories(dir.resolve("cases"));
    TestJobs.writeCase(cases, "alpha", "answer=ok", "ok");
    Path mcp =
        Files.writeString(
            cases.resolve("mcp.json"),
            "{\"mcpServers\":{\"repo\":{\"command\":\"" + FakeAgent.MCP_SERVER + "\"}}}");
    Path started = dir.resolve("started");
    Path codex =
        Files.writeString(
            dir.resolve("codex"), "#!/bin/sh\ntouch '" + started + "'\necho codex-cli 0.169.0\n");
    codex.toFile().setExecutable(true);
    Path home = Files.createDirectories(dir.resolve("home"));
    EvalSettings settings =
        new EvalSettings(
            new EvalSettings.Suite(cases, List.of(), Shard.ALL, mcp, Optional.empty()),
            new EvalSettings.Agent(
                Files.createDirectories(dir.resolve("repo")),
                "claude",
                "codex",
                Optional.of(codex.toString())),
            new Schedule(List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1, 1),
            new PerRun(Duration.ofMinutes(1)),
            Policy.DEFAULTS);
    // No OpenAI key and no `codex login` in this HOME.
    Map<String, String> environment = Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin");
    Path out = dir.resolve("out");

    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Evaluation.run(settings, out, environment, RunListener.NONE, new RunControl()));

    assertEquals(
        "arm with-mcp: Codex CLI needs an OpenAI key: set CODEX_API_KEY (or OPENAI_API_KEY), or"
            + " sign in with `codex login` so that "
            + home.resolve(".codex/auth.json")
            + " exists",
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), "one line");
    assertFalse(Files.exists(started), "the agent was never started, not even for --version");
    assertFalse(Files.exists(out), "nothing was written");
  }
}
