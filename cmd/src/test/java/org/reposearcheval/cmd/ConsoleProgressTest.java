package org.reposearcheval.cmd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunResultBuilder;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.Fingerprint;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.Secrets;

/** Progress on the console: plain lines when piped, a live status line on a terminal. */
class ConsoleProgressTest {
  private static final long SECOND = 1_000_000_000L;

  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text);
  private final AtomicLong clock = new AtomicLong();
  private final Job alpha = job(0, "alpha");
  private final Job beta = job(1, "beta");

  private ConsoleProgress plain(boolean verbose) {
    return new ConsoleProgress(
        out, Secrets.fromEnvironment(Map.of()), verbose, null, Duration.ofDays(1), clock::get);
  }

  private ConsoleProgress live(Duration tick) {
    return new ConsoleProgress(
        out, Secrets.fromEnvironment(Map.of()), false, new LiveLine(out, 200), tick, clock::get);
  }

  @Test
  void costsAreShownToTheCent() {
    assertEquals("$0.00", ConsoleProgress.dollars(0));
    assertEquals("$0.05", ConsoleProgress.dollars(0.0499));
    assertEquals("$0.10", ConsoleProgress.dollars(0.1));
    assertEquals("$12.35", ConsoleProgress.dollars(12.345));
  }

  @Test
  void pipedOutputGetsOnePlainLinePerFinishedRunAndNoEscapeSequences() {
    try (ConsoleProgress progress = plain(false)) {
      progress.planned(3, 2);
      progress.started(alpha);
      progress.started(beta);
      progress.finished(beta, result(beta, RunStatus.FAILED, "mentions X"));
      progress.finished(alpha, result(alpha, RunStatus.PASSED));
    }

    assertEquals(
        String.join(
            System.lineSeparator(),
            "3 runs, 2 at a time",
            "[1/3] beta without-mcp failed 1.5s $0.02 (missed: mentions X)",
            "[2/3] alpha without-mcp passed 1.5s $0.02",
            ""),
        text.toString());
  }

  @Test
  void verboseAddsALineWhenEachRunStarts() {
    try (ConsoleProgress progress = plain(true)) {
      progress.planned(2, 2);
      progress.started(alpha);
      progress.finished(alpha, result(alpha, RunStatus.PASSED));
    }

    List<String> lines = text.toString().lines().toList();
    assertEquals(
        List.of(
            "2 runs, 2 at a time",
            "agents start through " + org.reposearcheval.evals.process.Spawn.description(),
            "started alpha without-mcp",
            "[1/2] alpha without-mcp passed 1.5s $0.02"),
        lines);
  }

  @Test
  void onATerminalTheStatusLineIsRedrawnInPlaceBelowThePerRunLines() {
    try (ConsoleProgress progress = live(Duration.ofDays(1))) {
      progress.planned(4, 2);
      progress.started(alpha);
      progress.started(beta);
      clock.set(10 * SECOND);
      progress.finished(alpha, result(alpha, RunStatus.PASSED));

      String screen = text.toString();
      assertTrue(
          screen.contains(LiveLine.ERASE + "[1/4] alpha without-mcp passed 1.5s $0.02\n"), screen);
      String statusLine = screen.substring(screen.lastIndexOf('\n') + 1);
      assertEquals(
          LiveLine.ERASE + "[1/4] 1 running, 0 failed, 0 error, 10.0s, ETA 30.0s", statusLine);

      clock.set(12 * SECOND);
      progress.finished(beta, result(beta, RunStatus.ERROR));
      screen = text.toString();
      assertTrue(screen.contains(LiveLine.ERASE + "[2/4] beta without-mcp error"), screen);
      assertTrue(
          screen.endsWith(LiveLine.ERASE + "[2/4] 0 running, 0 failed, 1 error, 12.0s, ETA 12.0s"),
          screen);
    }
    assertTrue(text.toString().endsWith(LiveLine.ERASE), "closing erases the status line");
  }

  @Test
  void theStatusLineTicksWhileNoRunFinishes() {
    try (ConsoleProgress progress = live(Duration.ofMillis(5))) {
      progress.planned(2, 2);
      progress.started(alpha);
      clock.set(75 * SECOND);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> text.toString().endsWith("1 running, 0 failed, 0 error, 1m15s, ETA –"));
    }
    assertTrue(text.toString().endsWith(LiveLine.ERASE));
  }

  @Test
  void aLongStatusIsCutToTheTerminalWidth() {
    LiveLine line = new LiveLine(out, 20);
    line.update("x".repeat(50));
    assertEquals(LiveLine.ERASE + "x".repeat(18) + "…", text.toString());
  }

  @Test
  void onlyARealTerminalOutsideCiGetsTheLiveLine() {
    assertTrue(LiveLine.supported(true, Map.of("TERM", "xterm-256color")));
    assertFalse(LiveLine.supported(false, Map.of("TERM", "xterm-256color")), "piped");
    assertFalse(LiveLine.supported(true, Map.of("TERM", "dumb")));
    assertFalse(LiveLine.supported(true, Map.of()), "no TERM");
    assertFalse(LiveLine.supported(true, Map.of("TERM", "xterm", "CI", "true")));
    assertTrue(LiveLine.supported(true, Map.of("TERM", "xterm", "CI", "false")));
  }

  private static Job job(int index, String id) {
    TestCase testCase =
        new TestCase(
            id,
            "prompt",
            new Expectations(List.of(), List.of(), List.of()),
            List.of(),
            Optional.empty(),
            Path.of(id + ".json"),
            Fingerprint.ofHex("0".repeat(64)));
    return new Job(index, testCase, Arm.withoutMcp(), 1);
  }

  private static RunResult result(Job job, RunStatus status, String... missed) {
    return RunResultBuilder.of(job)
        .status(status)
        .durationMs(1500)
        .numTurns(1)
        .costUsd(0.02)
        .failedExpectations(List.of(missed))
        .error(status == RunStatus.ERROR ? "boom" : null)
        .build();
  }
}
