package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.CaseLoader;
import org.reposearcheval.evals.suite.Shard;

/**
 * The shipped suite ({@code cases/}) is pinned to a commit of this repository, and every answer key
 * of every case is true of that commit's tree: a refactor can no longer make a key rot unseen.
 * Needs the repository's history (CI checks out with fetch-depth 0); a shallow clone fails here
 * with the command that fetches it.
 */
class ShippedSuiteKeysTest {
  private static final Path SHIPPED = Path.of("../cases").toAbsolutePath().normalize();

  @TempDir Path cache;

  @Test
  void everyAnswerKeyOfTheShippedSuiteIsTrueOfItsPinnedCommit() throws IOException {
    EvalSettings settings =
        new EvalSettings(
            new EvalSettings.Suite(
                SHIPPED, List.of(), Shard.ALL, SHIPPED.resolve("mcp.json"), Optional.empty(), true),
            new EvalSettings.Agent(
                SHIPPED.getParent(),
                "claude",
                "claude",
                Optional.empty(),
                Optional.of(cache),
                false),
            new Schedule(List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1, 1),
            new PerRun(Duration.ofMinutes(10)),
            Policy.DEFAULTS);

    Preflight.Validated validated = Preflight.validate(settings, System.getenv(), false);

    int cases = CaseLoader.load(SHIPPED).size();
    assertTrue(cases >= 18, "the shipped suite: " + cases + " cases");
    assertEquals(cases, validated.pinnedCases(), "every shipped case is pinned");
    assertEquals(List.of(), validated.missingKeys());
  }
}
