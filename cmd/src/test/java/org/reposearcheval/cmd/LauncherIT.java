package org.reposearcheval.cmd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void ctrlCKillsTheAgentsKeepsFinishedResultsAndExits130() throws Exception {
    Path cases = Files.createDirectories(dir.resolve("suite"));
    Files.writeString(
        cases.resolve("a-fast.json"),
        "{\"id\":\"a-fast\",\"prompt\":\"answer=done\",\"expect\":{\"contains\":[\"done\"]}}");
    Files.writeString(
        cases.resolve("b-held.json"),
        "{\"id\":\"b-held\",\"prompt\":\"grandchild hold"
            + " answer=late\",\"expect\":{\"contains\":[\"late\"]}}");
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
  }

  @Test
  void worksFromAnyDirectoryAndReportsItsVersion() throws Exception {
    Process version = start(dir.resolve("state"), "--version");
    assertEquals(0, version.waitFor());
    assertTrue(Files.readString(dir.resolve("stdout.txt")).startsWith("repo-search-eval "));
  }
}
