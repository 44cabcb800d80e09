package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.suite.Arm;

/** Planted credentials, echoed by the agent everywhere it can, appear in no file the run writes. */
class SecretsLeakTest {
  static final Map<String, String> PLANTED =
      Map.of(
          "ANTHROPIC_API_KEY", "sk-ant-planted-api-key-000",
          "GITHUB_TOKEN", "ghp_planted_token_111",
          "MY_CLIENT_SECRET", "planted-client-secret-222",
          "DB_PASSWORD", "planted-password-333");

  @TempDir Path dir;

  @Test
  void noOutputFileContainsAPlantedSecret() throws Exception {
    Path cases = Files.createDirectories(dir.resolve("cases"));
    String echo = "env=ANTHROPIC_API_KEY env=GITHUB_TOKEN env=MY_CLIENT_SECRET env=DB_PASSWORD";
    TestJobs.writeCase(cases, "answer", echo, "x");
    TestJobs.writeCase(cases, "stderr", "stderr=ANTHROPIC_API_KEY stderr=DB_PASSWORD crash", "x");
    TestJobs.writeMcpConfig(cases);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(PLANTED);
    Path out = dir.resolve("out");
    EvalSettings settings =
        new EvalSettings(
            new EvalSettings.Suite(cases),
            new EvalSettings.Agent(dir, FakeAgent.SCRIPT.toString()),
            new Schedule(List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1, 2),
            new PerRun(Duration.ofSeconds(30)),
            new Policy(1, false, Optional.empty(), 0));

    Evaluation.Outcome outcome =
        Evaluation.run(settings, out, env, RunListener.NONE, new RunControl());
    List<String> dryRun = Evaluation.commandLines(settings, out, env);

    assertEquals(4, outcome.report().rawResults().size());
    try (Stream<Path> files = Files.walk(out)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertClean(file.toString(), Files.readString(file));
      }
    }
    assertClean("--dry-run", String.join("\n", dryRun));
    assertClean("report", outcome.report().toString());
  }

  private static void assertClean(String where, String text) throws IOException {
    for (var secret : PLANTED.entrySet()) {
      assertFalse(text.contains(secret.getValue()), secret.getKey() + " leaked into " + where);
    }
  }
}
