package org.reposearcheval.cmd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real launcher, {@code cmd/repo-search-eval}, as a user runs it: from another directory. */
class LauncherIT {
  static final Path LAUNCHER = Path.of("repo-search-eval").toAbsolutePath();

  @TempDir Path dir;

  private Process start(Path state, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile());
    builder.environment().put("FAKE_CLAUDE_STATE", state.toString());
    return builder.start();
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
    new ProcessBuilder("kill", "-INT", Long.toString(harness.pid())).start().waitFor();

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
    assertEquals(0, resumed.waitFor(), Files.readString(dir.resolve("stderr.txt")));
    assertEquals(
        startsBefore + 1, count(state.resolve("args")), "only the cancelled run ran again");
    String resumedReport = Files.readString(dir.resolve("out/report.json"));
    assertFalse(resumedReport.contains("\"status\" : \"cancelled\""), resumedReport);
  }

  @Test
  void killMinus9LosesNoFinishedRunAndResumeCompletesTheSuite() throws Exception {
    Path cases = Files.createDirectories(dir.resolve("suite"));
    TestSuites.writeCase(cases, "a", "answer=ok", "ok");
    TestSuites.writeCase(cases, "b", "answer=ok", "ok");
    TestSuites.writeCase(cases, "c", "hold answer=ok", "ok");
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
            "3",
            "--output",
            "out");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Files.exists(dir.resolve("out/results.jsonl"))
                    && Files.readAllLines(dir.resolve("out/results.jsonl")).size() == 2);
    new ProcessBuilder("kill", "-KILL", Long.toString(harness.pid())).start().waitFor();
    await().atMost(Duration.ofSeconds(15)).until(() -> !harness.isAlive());
    // Nothing can kill the agents of a harness killed with -9; let the orphan finish.
    Files.writeString(state.resolve("release"), "go");
    await().atMost(Duration.ofSeconds(15)).until(() -> count(state.resolve("running")) == 0);
    assertEquals(2, Files.readAllLines(dir.resolve("out/results.jsonl")).size());

    Process resumed = start(state, "run", "--resume", "out", "--parallel", "2");
    assertEquals(0, resumed.waitFor(), Files.readString(dir.resolve("stderr.txt")));
    assertEquals(4, count(state.resolve("args")), "a and b were kept; only c ran again");
    assertEquals(3, Files.readAllLines(dir.resolve("out/results.jsonl")).size());
    assertTrue(Files.readString(dir.resolve("out/report.md")).contains("| c | ✅ 1/1"));
  }

  @Test
  void resumeRefusesOptionsThatWouldChangeTheRecordedSettings() throws Exception {
    Process refused = start(dir.resolve("state"), "run", "--resume", "out", "--runs", "3");
    assertEquals(2, refused.waitFor());
    assertTrue(Files.readString(dir.resolve("stderr.txt")).contains("--runs"));
  }

  @Test
  void worksFromAnyDirectoryAndReportsItsVersion() throws Exception {
    Process version = start(dir.resolve("state"), "--version");
    assertEquals(0, version.waitFor());
    assertTrue(Files.readString(dir.resolve("stdout.txt")).startsWith("repo-search-eval "));
  }
}
