package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both GitHub workflows pass the schema check of {@code action-validator} (pinned in
 * src/it/package.json), and a broken workflow does not, so the check can fail.
 */
class WorkflowsIT {
  private static final Path VALIDATOR =
      Path.of(
          System.getProperty("it.actionValidator", "src/it/node_modules/.bin/action-validator"));
  private static final Path WORKFLOWS =
      Path.of(System.getProperty("it.workflows", "../.github/workflows"));

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"ci.yml", "nightly-eval.yml"})
  void workflowIsValid(String name) throws Exception {
    Path workflow = WORKFLOWS.resolve(name);
    assertTrue(Files.isRegularFile(workflow), workflow + " is missing");

    Result result = validate(workflow);

    assertEquals(0, result.code(), result.output());
  }

  @Test
  void nightlyRunsShardsMergesComparesAndKeepsItsResults() throws IOException {
    String nightly = Files.readString(WORKFLOWS.resolve("nightly-eval.yml"));

    for (String expected :
        new String[] {
          "schedule:",
          "workflow_dispatch:",
          "java-version: \"25\"",
          "distribution: temurin",
          "actions/setup-node",
          "npm install -g @anthropic-ai/claude-code@2.1.328",
          "secrets.ANTHROPIC_API_KEY",
          "matrix:",
          "shard: ${{ fromJSON(needs.plan.outputs.shards) }}",
          "run --shard \"${{ matrix.shard }}/$SHARDS\" --parallel \"$PARALLEL\"",
          "--max-cost \"$MAX_COST_PER_SHARD\" --max-cost-per-run \"$MAX_COST_PER_RUN\"",
          "MAX_COST_PER_RUN: \"1.50\"",
          "default: \"3\"",
          "pattern: nightly-shard-*",
          "merge eval-results/shards/nightly-shard-* --output \"$RUN_DIR\"",
          "RUN_DIR: eval-results/nightly",
          "actions/upload-artifact",
          "gh run download",
          "compare \"$BASE_DIR\" \"$RUN_DIR\"",
          "$GITHUB_STEP_SUMMARY"
        }) {
      assertTrue(nightly.contains(expected), "nightly-eval.yml lacks " + expected);
    }
  }

  @Test
  void theNightlyFailsOnARegressionOfAnyKind() throws IOException {
    String nightly = Files.readString(WORKFLOWS.resolve("nightly-eval.yml"));
    int start = nightly.indexOf("- name: Compare with the base");
    String step = nightly.substring(start, nightly.indexOf("- name:", start + 1));

    // compare exits 1 on any regression; nothing in its step may swallow that exit.
    assertTrue(step.contains("--max-answer-rate-drop 0 "), step);
    for (String swallow : new String[] {"set +e", "|| true", "continue-on-error", "|| echo"}) {
      assertFalse(step.contains(swallow), "the compare step tolerates failure: " + swallow);
    }
  }

  @Test
  void aWorkflowWithoutRunsOnIsRejected() throws Exception {
    Path broken =
        Files.writeString(
            dir.resolve("broken.yml"),
            "name: broken\non: [push]\njobs:\n  build:\n    steps:\n      - run: echo hi\n");

    Result result = validate(broken);

    assertNotEquals(0, result.code(), result.output());
    assertTrue(result.output().contains("runs-on"), result.output());
  }

  private record Result(int code, String output) {}

  private Result validate(Path workflow) throws Exception {
    assertTrue(
        Files.isExecutable(VALIDATOR),
        VALIDATOR + " is missing: run npm ci in evals/src/it (mvn verify does)");
    Path log = dir.resolve("validator.log");
    Process process =
        new ProcessBuilder(VALIDATOR.toString(), workflow.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return new Result(-1, "action-validator did not finish within 2 minutes");
    }
    return new Result(process.exitValue(), Files.readString(log));
  }
}
