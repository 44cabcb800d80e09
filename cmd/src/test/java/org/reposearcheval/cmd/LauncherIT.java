package org.reposearcheval.cmd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.reposearcheval.evals.TestProcesses.running;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reposearcheval.evals.RealParts;
import org.reposearcheval.evals.Reply;
import org.reposearcheval.evals.ScriptedMessagesApi;
import org.reposearcheval.evals.TestProcesses;

/**
 * The real launcher, {@code cmd/repo-search-eval}, as a user runs it: from another directory. Every
 * wait on it is bounded, and whatever of a test's processes is left is killed after it, so a
 * regression fails the test instead of hanging the build.
 */
class LauncherIT {
  static final Path LAUNCHER = Path.of("repo-search-eval").toAbsolutePath();
  private static final Duration LAUNCHER_LIMIT = Duration.ofMinutes(2);

  @TempDir Path dir;
  TestProcesses processes;

  @BeforeEach
  void seeProcesses() {
    processes = new TestProcesses(dir);
  }

  @AfterEach
  void killLeftovers() {
    processes.killAll();
  }

  private Process start(Path state, String... args) throws IOException {
    return start(Map.of("FAKE_CLAUDE_STATE", state.toString()), args);
  }

  /** Starts the launcher in {@code dir} with {@code env} added to this JVM's environment. */
  private Process start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile());
    builder.environment().putAll(env);
    processes.tag(builder.environment());
    return builder.start();
  }

  /** Its exit code, once it has ended; fails the test if it does not end within the limit. */
  private static int exitCode(Process process) throws InterruptedException {
    if (!process.waitFor(LAUNCHER_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail("the launcher was still running after " + LAUNCHER_LIMIT);
    }
    return process.exitValue();
  }

  /** Sends {@code signal} (INT, TERM, KILL) to {@code process}, as kill(1) does. */
  private static void signal(Process process, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill did not return");
    assertEquals(0, kill.exitValue(), "kill -" + signal);
  }

  private static long count(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return 0;
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  @Test
  void ctrlCKillsTheAgentsKeepsFinishedResultsExits130AndResumeFinishesTheRest() throws Exception {
    Path cases = Files.createDirectories(dir.resolve("suite"));
    TestSuites.writeCase(cases, "a-fast", "answer=done", "done");
    TestSuites.writeCase(cases, "b-held", "grandchild hold answer=late", "late");
    Path state = dir.resolve("state");
    Process harness =
        start(
            state,
            "run",
            "--cases",
            "suite",
            "--mode",
            "without-mcp",
            "--claude",
            MainTest.FAKE_CLAUDE.toString(),
            "--parallel",
            "2",
            "--output",
            "out");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count(state.resolve("running")) == 1
                    && Files.readString(dir.resolve("stdout.txt"))
                        .contains("a-fast without-mcp passed"));
    signal(harness, "INT");

    await().atMost(Duration.ofSeconds(15)).until(() -> !harness.isAlive());
    String stdout = Files.readString(dir.resolve("stdout.txt"));
    assertEquals(130, harness.exitValue(), stdout + Files.readString(dir.resolve("stderr.txt")));
    assertTrue(stdout.contains("partial report"), stdout);
    String report = Files.readString(dir.resolve("out/report.json"));
    assertTrue(report.contains("\"status\" : \"passed\""), report);
    assertTrue(report.contains("\"status\" : \"cancelled\""), report);
    assertEquals(0, count(state.resolve("running")), "an agent outlived Ctrl-C");
    for (String pid : Files.readAllLines(state.resolve("grandchildren"))) {
      assertTrue(
          ProcessHandle.of(Long.parseLong(pid.strip())).map(p -> !p.isAlive()).orElse(true),
          "grandchild " + pid + " outlived Ctrl-C");
    }

    Files.writeString(state.resolve("release"), "go");
    long startsBefore = count(state.resolve("args"));
    Process resumed = start(state, "run", "--resume", "out");
    assertEquals(0, exitCode(resumed), Files.readString(dir.resolve("stderr.txt")));
    assertEquals(
        startsBefore + 1, count(state.resolve("args")), "only the cancelled run ran again");
    String resumedReport = Files.readString(dir.resolve("out/report.json"));
    assertFalse(resumedReport.contains("\"status\" : \"cancelled\""), resumedReport);
  }

  /**
   * {@code kill -9} of the harness mid-run: no finished run is lost, and no agent outlives it — its
   * sentinel kills the one in flight at once. With the sentinel switched off (the control: the
   * orphan is seen alive), the next start, here {@code --resume}, kills it and says so.
   */
  @ParameterizedTest(name = "sentinel {0}")
  @ValueSource(strings = {"on", "off"})
  void killMinus9LosesNoFinishedRunLeavesNoAgentAndResumeCompletesTheSuite(String sentinel)
      throws Exception {
    Path cases = Files.createDirectories(dir.resolve("suite"));
    TestSuites.writeCase(cases, "a", "answer=ok", "ok");
    TestSuites.writeCase(cases, "b", "answer=ok", "ok");
    TestSuites.writeCase(cases, "c", "hold answer=ok", "ok");
    Path state = dir.resolve("state");
    Map<String, String> env =
        Map.of("FAKE_CLAUDE_STATE", state.toString(), "REPO_SEARCH_EVAL_SENTINEL", sentinel);
    Process harness =
        start(
            env,
            "run",
            "--cases",
            "suite",
            "--mode",
            "without-mcp",
            "--claude",
            MainTest.FAKE_CLAUDE.toString(),
            "--parallel",
            "3",
            "--output",
            "out");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count(state.resolve("running")) == 1
                    && Files.exists(dir.resolve("out/results.jsonl"))
                    && Files.readAllLines(dir.resolve("out/results.jsonl")).size() == 2);
    assertFalse(processes.alive().isEmpty(), "the held agent is seen before the kill");
    signal(harness, "KILL");
    await().atMost(Duration.ofSeconds(15)).until(() -> !harness.isAlive());
    if (sentinel.equals("on")) {
      await().atMost(Duration.ofSeconds(5)).until(() -> processes.alive().isEmpty());
    } else {
      // The control: nothing of the dead harness kills it now.
      assertFalse(processes.alive().isEmpty(), "without the sentinel the agent outlives it");
    }
    assertEquals(2, Files.readAllLines(dir.resolve("out/results.jsonl")).size());

    Path again = Files.createDirectories(dir.resolve("state-again"));
    Files.writeString(again.resolve("release"), "go");
    Process resumed =
        start(
            Map.of("FAKE_CLAUDE_STATE", again.toString()),
            "run",
            "--resume",
            "out",
            "--parallel",
            "2");
    assertEquals(0, exitCode(resumed), Files.readString(dir.resolve("stderr.txt")));
    String stderr = Files.readString(dir.resolve("stderr.txt"));
    assertEquals(
        sentinel.equals("off"),
        stderr.matches(
            "(?s).*killed \\d+ process(es)? left running by a harness that had been killed.*"),
        stderr);
    assertEquals(List.of(), processes.alive(), "nothing of the killed run is left");
    assertEquals(1, count(again.resolve("args")), "a and b were kept; only c ran again");
    assertEquals(3, Files.readAllLines(dir.resolve("out/results.jsonl")).size());
    assertTrue(Files.readString(dir.resolve("out/report.md")).contains("| c | ✅ 1/1"));
  }

  /**
   * The launcher running the real CLI with real MCP servers, one of which starts a helper that
   * ignores SIGTERM, held in flight by {@code api} (which never answers): returned once {@code
   * /proc} shows two {@code claude}, two servers and the helper.
   */
  private Process startRealRunInFlight(ScriptedMessagesApi api) throws IOException {
    Path repo = Files.createDirectories(dir.resolve("repo")).toRealPath();
    Files.writeString(repo.resolve("README.md"), "hello\n");
    Path cases = Files.createDirectories(dir.resolve("suite"));
    TestSuites.writeCase(cases, "hello", "What does README say?", "hello");
    Files.writeString(
        dir.resolve("mcp.json"),
        RealParts.mcpServers(
            List.of(
                RealParts.server("repo", repo), RealParts.serverWithHelper(dir, "indexer", repo))));
    Process harness =
        start(
            Map.of(
                "ANTHROPIC_BASE_URL", api.baseUrl(),
                "ANTHROPIC_API_KEY", "sk-ant-it-launcher-0123456789",
                "CLAUDE_CODE_MAX_RETRIES", "0"),
            "run",
            "--cases",
            "suite",
            "--mcp-config",
            "mcp.json",
            "--repo",
            "repo",
            "--claude",
            RealParts.CLAUDE.toString(),
            "--parallel",
            "2",
            "--output",
            "out");
    processes.awaitInFlight(
        repo,
        now ->
            running(now, "claude") == 2
                && running(now, RealParts.MCP_PROGRAM) == 2
                && running(now, RealParts.HELPER_PROGRAM) == 1,
        Duration.ofSeconds(90));
    return harness;
  }

  /**
   * The real CLI with real MCP servers held in flight, then {@code kill -9} of the harness: within
   * seconds {@code /proc} shows no process of the run — no {@code claude}, no server, no helper.
   */
  @Test
  void killMinus9OfTheHarnessLeavesNoCliNoServerNoHelper() throws Exception {
    try (ScriptedMessagesApi api =
        ScriptedMessagesApi.start(request -> new Reply.Hang())) {
      Process harness = startRealRunInFlight(api);

      signal(harness, "KILL");

      assertEquals(137, exitCode(harness));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertEquals(List.of(), processes.alive(), "alive after kill -9"));
    }
  }

  /**
   * The real CLI with real MCP servers, one of which starts a helper that ignores SIGTERM, held in
   * flight by an API that never answers; then the launcher gets the signal(s). Afterwards {@code
   * /proc} shows no process of the run: no {@code claude}, no server, no helper.
   */
  @ParameterizedTest(name = "kill -{0}")
  @ValueSource(strings = {"INT", "TERM", "INT INT"})
  void signalKillsTheCliItsMcpServersAndTheirHelpersExits130AndLeavesNoProcess(String signals)
      throws Exception {
    try (ScriptedMessagesApi api =
        ScriptedMessagesApi.start(request -> new Reply.Hang())) {
      Process harness = startRealRunInFlight(api);
      for (String signal : signals.split(" ")) {
        signal(harness, signal);
      }

      int exitCode = exitCode(harness);
      assertEquals(List.of(), processes.alive(), "alive after kill -" + signals);
      String stdout = Files.readString(dir.resolve("stdout.txt"));
      assertEquals(130, exitCode, stdout + Files.readString(dir.resolve("stderr.txt")));
    }
  }

  @Test
  void resumeRefusesOptionsThatWouldChangeTheRecordedSettings() throws Exception {
    Process refused = start(dir.resolve("state"), "run", "--resume", "out", "--runs", "3");
    assertEquals(2, exitCode(refused));
    assertTrue(Files.readString(dir.resolve("stderr.txt")).contains("--runs"));
  }

  @Test
  void worksFromAnyDirectoryAndReportsItsVersion() throws Exception {
    Process version = start(dir.resolve("state"), "--version");
    assertEquals(0, exitCode(version));
    assertTrue(Files.readString(dir.resolve("stdout.txt")).startsWith("repo-search-eval "));
  }
}
