package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.Pin;
import org.reposearcheval.evals.suite.ServerManifest;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * A run asks the with-MCP arm's servers before any agent starts: their manifest is in run.json and
 * report.json; a server that does not come up stops the run with its own stderr, no agent started
 * (the test agent records each run it starts; the same run with a working server is the control).
 */
class PreflightMcpTest {
  @TempDir Path dir;

  private EvalSettings settings(Path cases) {
    return new EvalSettings(
        new EvalSettings.Suite(cases),
        new EvalSettings.Agent(dir, FakeAgent.SCRIPT.toString()),
        new Schedule(List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1, 1),
        new PerRun(Duration.ofSeconds(30)),
        Policy.DEFAULTS);
  }

  private Path cases(String mcpServerCommand) throws IOException {
    Path cases = Files.createDirectories(dir.resolve("cases"));
    TestJobs.writeCase(cases, "alpha", "answer=ok", "ok");
    Files.writeString(
        cases.resolve("mcp.json"),
        "{\"mcpServers\":{\"repo\":{\"command\":\"" + mcpServerCommand + "\"}}}");
    return cases;
  }

  private static long agentRuns(FakeAgent agent) throws IOException {
    Path args = agent.state.resolve("args");
    if (!Files.isDirectory(args)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(args)) {
      return files.count();
    }
  }

  @Test
  void theServersAnswerIsInRunJsonAndReportJsonAndTheAgentsRan() throws Exception {
    FakeAgent agent = new FakeAgent(dir);
    Path out = dir.resolve("run");

    Report report =
        Evaluation.run(
                settings(cases(FakeAgent.MCP_SERVER.toString())),
                out,
                agent.environment(),
                RunListener.NONE,
                new RunControl())
            .report();

    assertEquals(2, agentRuns(agent), "both arms' runs started");
    List<ServerManifest> servers = RunManifest.read(out).mcpManifest().get(Arm.WITH_MCP);
    assertEquals(1, servers.size());
    assertEquals("fake-mcp-server", servers.getFirst().name());
    assertEquals(List.of("mcp__repo__search"), servers.getFirst().toolNames());
    assertEquals(List.of(Arm.WITH_MCP), List.copyOf(RunManifest.read(out).mcpManifest().keySet()));
    assertEquals(servers, report.config().mcpManifest().get(Arm.WITH_MCP));
    String json = Files.readString(out.resolve("report.json"));
    assertTrue(json.contains("\"mcpManifest\""), json);
    ReportSchemas.assertValid(out);
  }

  @Test
  void aServerThatExitsAtOnceStopsTheRunWithItsStderrBeforeAnyAgentStarts() throws Exception {
    FakeAgent agent = new FakeAgent(dir);
    Path script = dir.resolve("broken-server");
    Files.writeString(
        script, "#!/bin/sh\necho 'index missing: run the indexer first' >&2\nexit 3\n");
    assertTrue(script.toFile().setExecutable(true));
    Path out = dir.resolve("run");

    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                Evaluation.run(
                    settings(cases(script.toString())),
                    out,
                    agent.environment(),
                    RunListener.NONE,
                    new RunControl()));

    assertTrue(
        e.getMessage().startsWith("arm with-mcp: MCP server repo (" + script + ") exited"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("index missing: run the indexer first"), e.getMessage());
    assertEquals(0, agentRuns(agent), "no agent started");
    assertFalse(Files.exists(out.resolve("run.json")));
  }

  /**
   * What the handshake fills in, exactly: {@code ${REPO}} is {@code --repo} and {@code ${CASE_ID}}
   * the first case's id, also when that case is pinned to another repository and commit (its
   * checkout is made later, after preflight); two arms of the same config and environment ask once.
   * The server records its arguments, then answers as the test server.
   */
  @Test
  void theHandshakeAsksOnceInRepoEvenWhenTheCasesArePinnedElsewhere() throws Exception {
    Path asked = dir.resolve("asked");
    Path script = dir.resolve("recording-server");
    Files.writeString(
        script,
        "#!/bin/sh\necho \"$1 $2 $HOME_TOO\" >> '"
            + asked
            + "'\nexec '"
            + FakeAgent.MCP_SERVER
            + "'\n");
    assertTrue(script.toFile().setExecutable(true));
    Path file = dir.resolve("mcp.json");
    Files.writeString(
        file,
        "{\"mcpServers\":{\"repo\":{\"command\":\""
            + script
            + "\",\"args\":[\"${REPO}\",\"${CASE_ID}\"],\"env\":{\"HOME_TOO\":\"${SOME_VAR}\"}}}}");
    McpConfig config = McpConfig.load(file);
    TestCase base = TestJobs.testCase("pinned", "q", "a");
    TestCase pinned =
        new TestCase(
            base.id(),
            base.prompt(),
            base.expect(),
            base.tags(),
            base.timeout(),
            new Pin(Optional.of("https://example.org/other.git"), Optional.of("0".repeat(40))),
            List.of(),
            base.source(),
            base.fingerprint());
    Path repo = Files.createDirectories(dir.resolve("repo"));

    Map<String, List<ServerManifest>> manifest =
        Preflight.mcpManifest(
            List.of(
                new Arm("a", Optional.of(config), Optional.empty()),
                new Arm("b", Optional.of(config), Optional.empty())),
            repo,
            List.of(pinned, TestJobs.testCase("second", "q", "a")),
            Map.of("PATH", System.getenv("PATH"), "SOME_VAR", "from-env"));

    assertEquals(List.of("a", "b"), List.copyOf(manifest.keySet()));
    assertEquals(manifest.get("a"), manifest.get("b"));
    assertEquals(
        List.of(repo.toAbsolutePath() + " pinned from-env"),
        Files.readAllLines(asked),
        "asked once, in --repo, with the first case's id and the environment's ${SOME_VAR}");
  }
}
