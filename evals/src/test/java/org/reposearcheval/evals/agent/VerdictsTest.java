package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.process.Ending;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.util.Secrets;

/** A run whose process ended with its output lost gets no verdict. */
class VerdictsTest {
  @Test
  void aRunWhoseOutputWasNotKeptIsAnErrorNotAVerdictAndNotRetried() {
    Job job = new Job(0, TestJobs.testCase("c", "q", "ok"), Arm.withoutMcp(), 1);
    Ending ending = new Ending.OutputLost(0, "", "could not mask secrets in the transcript");
    AgentStream passing =
        new AgentStream(
            List.of(),
            RunResult.ToolCalls.NONE,
            "2.1.328",
            new AgentStream.Result("success", false, null, 1, 10L, 0.01, Usage.NONE, "ok"),
            0,
            null);
    RunResult result =
        new Verdicts(Secrets.fromEnvironment(Map.of())).judge(job, ending, passing, 10);

    assertEquals(RunStatus.ERROR, result.status());
    assertEquals("could not mask secrets in the transcript", result.error());
    assertEquals(Verdicts.Transient.NONE, Verdicts.transientFailure(ending, passing));
  }
}
