package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.util.Secrets;

/**
 * The agent's output pumps, and what a run says when its output could not be kept: never a verdict
 * drawn from a transcript that may be cut short.
 */
class PooledPumpsTest {
  private static final byte[] OUTPUT = "x".repeat(100_000).getBytes();

  @Test
  void bothStreamsAreCopiedWholeAndStdinIsClosed() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ClosedCheck stdin = new ClosedCheck();
    PooledPumps pumps = new PooledPumps(out, err, Duration.ofSeconds(10));
    pumps.setProcessInputStream(stdin);
    pumps.setProcessOutputStream(new ByteArrayInputStream(OUTPUT));
    pumps.setProcessErrorStream(new ByteArrayInputStream("oops".getBytes()));
    pumps.start();
    pumps.stop();

    assertEquals(OUTPUT.length, out.size());
    assertEquals("oops", err.toString());
    assertTrue(stdin.closed);
  }

  @Test
  void aFailedWriteKeepsDrainingThePipeAndIsReportedAtStop() throws Exception {
    ByteArrayInputStream stdout = new ByteArrayInputStream(OUTPUT);
    OutputStream fullDisk =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }
        };
    PooledPumps pumps =
        new PooledPumps(fullDisk, OutputStream.nullOutputStream(), Duration.ofSeconds(10));
    pumps.setProcessOutputStream(stdout);
    pumps.setProcessErrorStream(new ByteArrayInputStream(new byte[0]));
    pumps.start();

    IOException e = assertThrows(IOException.class, pumps::stop);
    assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    assertEquals(0, stdout.available(), "the agent is never left blocked on a full pipe");
  }

  @Test
  void outputStillOpenPastTheStopTimeoutIsReported() throws Exception {
    PipedOutputStream holder = new PipedOutputStream();
    PooledPumps pumps =
        new PooledPumps(
            OutputStream.nullOutputStream(),
            OutputStream.nullOutputStream(),
            Duration.ofMillis(200));
    pumps.setProcessOutputStream(new PipedInputStream(holder));
    pumps.setProcessErrorStream(new ByteArrayInputStream(new byte[0]));
    pumps.start();

    IOException e = assertThrows(IOException.class, pumps::stop);
    assertTrue(e.getMessage().contains("still open"), e.getMessage());
    holder.close();
  }

  @Test
  void aRunWhoseOutputWasNotKeptIsAnErrorNotAVerdictAndNotRetried() {
    Job job = new Job(0, TestJobs.testCase("c", "q", "ok"), Arm.withoutMcp(), 1);
    Ending ending = new Ending.OutputLost(0, "", "could not keep the agent's output: disk full");
    AgentStream passing =
        new AgentStream(
            List.of(),
            RunResult.ToolCalls.NONE,
            "2.1.328",
            new AgentStream.Result(
                "success", false, null, 1, 10L, 0.01, RunResult.Usage.NONE, "ok"),
            0,
            null);
    RunResult result =
        new Verdicts(Secrets.fromEnvironment(Map.of())).judge(job, ending, passing, 10);

    assertEquals(RunStatus.ERROR, result.status());
    assertEquals("could not keep the agent's output: disk full", result.error());
    assertEquals(Verdicts.Transient.NONE, Verdicts.transientFailure(ending, passing));
  }

  /** Records whether the agent's stdin was closed. */
  private static final class ClosedCheck extends OutputStream {
    volatile boolean closed;

    @Override
    public void write(int b) {}

    @Override
    public void close() {
      closed = true;
    }
  }
}
