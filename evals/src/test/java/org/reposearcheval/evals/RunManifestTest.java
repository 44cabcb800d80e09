package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * run.json records the settings as one flat object in a fixed order, every value set here (the
 * golden run leaves most of them empty), and reads back as the same settings.
 */
class RunManifestTest {
  @TempDir Path dir;

  @Test
  void everySettingIsWrittenFlatInItsPlaceAndReadsBackTheSame() throws IOException {
    Path cases = dir.resolve("suite/../cases");
    EvalSettings settings =
        new EvalSettings(
            new EvalSettings.Suite(
                cases,
                List.of("smoke", "build", "smoke"),
                new Shard(2, 3),
                dir.resolve("mcp.json"),
                Optional.of(dir.resolve("variants.json"))),
            new EvalSettings.Agent(dir.resolve("repo"), "claude"),
            new Schedule(List.of("without-mcp", "mcp-v2"), 3, 4, "latest"),
            new PerRun(Duration.ofSeconds(90), Optional.of("claude-sonnet-4-5"), Optional.of(7)),
            new Policy(1, true, Optional.of(Duration.ofHours(1)), 0, Optional.of(2.5)),
            new EvalSettings.Prepare(Duration.ofMinutes(2), true));
    Path out = Files.createDirectories(dir.resolve("out"));

    RunManifest.of(settings, java.util.Map.of("claude", "2.1.0"), List.of(), "2026-11-30T22:16:59Z")
        .write(out);

    String abs = dir.toAbsolutePath().normalize().toString();
    assertEquals(
        """
        {
          "schemaVersion" : 1,
          "createdAt" : "2026-11-30T22:16:59Z",
          "settings" : {
            "casesDir" : "%1$s/cases",
            "tags" : [ "build", "smoke" ],
            "shard" : "2/3",
            "mcpConfig" : "%1$s/mcp.json",
            "variants" : "%1$s/variants.json",
            "strict" : false,
            "repo" : "%1$s/repo",
            "claude" : "claude",
            "agent" : "claude",
            "agentCommand" : null,
            "repoCache" : null,
            "repoGiven" : true,
            "modes" : [ "without-mcp", "mcp-v2" ],
            "runs" : 3,
            "parallel" : 4,
            "history" : "latest",
            "timeout" : "90s",
            "model" : "claude-sonnet-4-5",
            "maxTurns" : 7,
            "retries" : 1,
            "failFast" : true,
            "maxDuration" : "1h",
            "minFreeMemoryBytes" : 0,
            "maxCostUsd" : 2.5,
            "prepareTimeout" : "2m",
            "noPrepareCache" : true,
            "judge" : null,
            "judgeRuns" : 1
          },
          "claudeCodeVersion" : "2.1.0",
          "caseFingerprints" : { },
          "agentVersions" : {
            "claude" : "2.1.0"
          },
          "judgeTemplate" : "%2$s"
        }
        """
            .formatted(abs, org.reposearcheval.evals.judge.JudgePrompt.standard().sha256()),
        Files.readString(out.resolve(RunManifest.FILE)));
    RunManifest read = RunManifest.read(out);
    assertEquals(List.of("build", "smoke"), read.settings().suite().tags());
    assertEquals(Path.of(abs, "cases"), read.settings().suite().casesDir());
    assertEquals(new Shard(2, 3), read.settings().suite().shard());
    assertEquals(Optional.of(Path.of(abs, "variants.json")), read.settings().suite().variants());
    assertEquals(Map.of(), read.caseFingerprints());
    assertEquals(settings.perRun(), read.settings().perRun());
    assertEquals(settings.policy(), read.settings().policy());
    assertEquals(settings.schedule(), read.settings().schedule());
  }

  @Test
  void aManifestWithAnImpossibleSettingIsNotARunDirectory() throws IOException {
    Path golden = Path.of("src/test/resources/golden-run").resolve(RunManifest.FILE);
    Files.writeString(
        dir.resolve(RunManifest.FILE),
        Files.readString(golden).replace("\"runs\" : 2", "\"runs\" : 0"));

    var e = assertThrows(InvalidInputException.class, () -> RunManifest.read(dir));
    assertTrue(e.getMessage().contains("not a valid run manifest"), e.getMessage());
  }
}
