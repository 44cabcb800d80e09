package org.reposearcheval.evals.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.util.Secrets;

/**
 * How the wait for one agent ends now that its output goes straight into files: the files stay
 * bounded, a process still holding the output is found without a pipe, secrets are masked after the
 * run.
 */
@Timeout(60)
class AgentWatchTest {
  @TempDir Path dir;

  private Ending run(String script, long maxOutput, Secrets secrets) throws Exception {
    return AgentProcess.run(
        new AgentProcess.Launch(
            List.of("bash", "-c", script),
            new byte[0],
            Map.of("PATH", "/usr/bin:/bin"),
            dir,
            false),
        dir.resolve("out.jsonl"),
        dir.resolve("err"),
        new Limits(Duration.ofSeconds(30), maxOutput),
        secrets);
  }

  @Test
  void endlessStderrIsTrimmedAndItsLastWordsKept() throws Exception {
    // 3 MB of stderr, slowly enough for the bounds to look at it several times, then last words.
    Ending ending =
        run(
            "for i in 1 2 3 4 5 6; do head -c 524288 /dev/zero | tr '\\0' e >&2; sleep 0.25;"
                + " done; echo 'the last words' >&2; exit 4",
            1 << 20,
            Secrets.fromEnvironment(Map.of()));

    Ending.Exited exited = assertInstanceOf(Ending.Exited.class, ending);
    assertEquals(4, exited.exitCode());
    assertTrue(exited.stderrTail().endsWith("the last words"), exited.stderrTail());
    assertTrue(exited.stderrTail().length() <= OutputBounds.TAIL_BYTES);
    assertTrue(
        Files.size(dir.resolve("err")) < 3 << 20,
        "stderr file of " + Files.size(dir.resolve("err")) + " bytes");
  }

  @Test
  void outputPastTheLimitStopsTheAgentAndTheFileIsCutBack() throws Exception {
    Ending ending = run("yes transcript", 1 << 20, Secrets.fromEnvironment(Map.of()));

    assertInstanceOf(Ending.OutputOverflow.class, ending);
    assertEquals(1 << 20, Files.size(dir.resolve("out.jsonl")));
  }

  @Test
  void aSecretInTheTranscriptIsMaskedOnceTheAgentHasEnded() throws Exception {
    String key = "sk-secret-value-123456";
    Ending ending =
        run(
            "echo '{\"a\":\"" + key + "\"}'; echo plain",
            1 << 20,
            Secrets.fromEnvironment(Map.of("SOME_API_KEY", key)));

    assertInstanceOf(Ending.Exited.class, ending);
    assertEquals("{\"a\":\"***\"}\nplain\n", Files.readString(dir.resolve("out.jsonl")));
  }

  @Test
  void aProcessHoldingTheOutputAfterTheAgentExitsIsSeenAndKilled() throws Exception {
    // The child ignores SIGTERM and keeps stdout (the transcript) open after the agent exits.
    Path pidFile = dir.resolve("holder.pid");
    Ending ending =
        run(
            "( trap '' TERM; exec sleep 600 ) & echo $! > " + pidFile + "; echo answered",
            1 << 20,
            Secrets.fromEnvironment(Map.of()));

    assertInstanceOf(Ending.Exited.class, ending);
    long holder = Long.parseLong(Files.readString(pidFile).strip());
    var handle = ProcessHandle.of(holder);
    if (handle.isPresent()) {
      handle.get().onExit().get(10, TimeUnit.SECONDS);
    }
    assertFalse(FileWriters.heldOpen(dir.resolve("out.jsonl")));
  }

  @Test
  void aFileIsSeenHeldOpenForWritingOnlyWhileAProcessHoldsIt() throws Exception {
    Path file = dir.resolve("held");
    Process holder = new ProcessBuilder("sleep", "600").redirectOutput(file.toFile()).start();
    try {
      assertTrue(FileWriters.heldOpen(file), "sleep holds it open for writing");
    } finally {
      holder.destroyForcibly();
      holder.waitFor(10, TimeUnit.SECONDS);
    }
    assertFalse(FileWriters.heldOpen(file), "nobody holds it any more");
  }
}
