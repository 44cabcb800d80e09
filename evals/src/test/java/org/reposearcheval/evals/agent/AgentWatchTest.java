package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.commons.exec.ExecuteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the wait for one agent ends when its output cannot be kept. */
@Timeout(60)
class AgentWatchTest {
  @Test
  void outputThatFailsBeforeTheExitIsSeenVoidsTheRun() throws Exception {
    // The pumps report a full disk: Commons Exec completes the exit exceptionally. The transcript
    // is cut short, so the run must end as output lost with the reason, never as a plain exit.
    Process agent = new ProcessBuilder("true").start();
    assertEquals(true, agent.waitFor(30, TimeUnit.SECONDS));
    AgentWatch watch =
        new AgentWatch(
            "marker-" + System.nanoTime(),
            new AgentProcess.Limits(Duration.ofSeconds(30), 1 << 20),
            false,
            1024);
    watch.started.complete(agent);
    watch.exited.completeExceptionally(
        new ExecuteException("Execution failed", 0, new IOException("No space left on device")));

    Ending ending = watch.await();

    Ending.OutputLost lost = assertInstanceOf(Ending.OutputLost.class, ending);
    assertEquals("No space left on device", lost.reason());
  }
}
