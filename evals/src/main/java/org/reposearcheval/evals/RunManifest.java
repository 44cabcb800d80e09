package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.AtomicFiles;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;

/**
 * {@code run.json}: the settings a run directory was made with and a fingerprint of every case of
 * the suite (all shards), so {@code run --resume} continues with exactly those settings and runs a
 * changed case again, and {@code merge} can tell that shards come from the same suite.
 */
public record RunManifest(
    int schemaVersion,
    String createdAt,
    Settings settings,
    String claudeCodeVersion,
    Map<String, String> caseFingerprints) {

  public static final String FILE = "run.json";
  public static final int SCHEMA_VERSION = 1;

  /** The recorded settings, as plain JSON values. */
  public record Settings(
      String casesDir,
      List<String> tags,
      String shard,
      String mcpConfig,
      String variants,
      String repo,
      String claude,
      List<String> modes,
      int runs,
      int parallel,
      String timeout,
      String model,
      Integer maxTurns,
      int retries,
      boolean failFast,
      String maxDuration,
      long minFreeMemoryBytes) {

    static Settings of(EvalSettings s) {
      return new Settings(
          s.casesDir().toAbsolutePath().normalize().toString(),
          s.tags().stream().sorted().toList(),
          s.shard().toString(),
          s.mcpConfigFile().toAbsolutePath().normalize().toString(),
          s.variantsFile().map(v -> v.toAbsolutePath().normalize().toString()).orElse(null),
          s.repo().toAbsolutePath().normalize().toString(),
          s.claude(),
          s.modes(),
          s.runs(),
          s.parallel(),
          Durations.canonical(s.runTimeout()),
          s.model().orElse(null),
          s.maxTurns().orElse(null),
          s.policy().retries(),
          s.policy().failFast(),
          s.policy().maxDuration().map(Durations::canonical).orElse(null),
          s.policy().minFreeMemoryBytes());
    }

    /** The same settings for another shard, at another concurrency. */
    public Settings withShardAndParallel(String shard, int parallel) {
      return new Settings(
          casesDir,
          tags,
          shard,
          mcpConfig,
          variants,
          repo,
          claude,
          modes,
          runs,
          parallel,
          timeout,
          model,
          maxTurns,
          retries,
          failFast,
          maxDuration,
          minFreeMemoryBytes);
    }

    /** The settings to continue with in {@code outputDir}; {@code parallel} may differ. */
    public EvalSettings toEvalSettings(Path outputDir, int parallel) {
      return new EvalSettings(
          Paths.get(casesDir),
          Set.copyOf(tags),
          Shard.parse(shard),
          Paths.get(mcpConfig),
          Optional.ofNullable(variants).map(Paths::get),
          Paths.get(repo),
          claude,
          modes,
          runs,
          parallel,
          Durations.parse(timeout),
          Optional.ofNullable(model),
          Optional.ofNullable(maxTurns),
          outputDir,
          new EvalSettings.Policy(
              retries,
              failFast,
              Optional.ofNullable(maxDuration).map(Durations::parse),
              minFreeMemoryBytes));
    }
  }

  static RunManifest of(
      EvalSettings settings, String claudeCodeVersion, List<TestCase> cases, String createdAt) {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    for (TestCase testCase : cases) {
      fingerprints.put(testCase.id(), testCase.fingerprint());
    }
    return new RunManifest(
        SCHEMA_VERSION, createdAt, Settings.of(settings), claudeCodeVersion, fingerprints);
  }

  void write(Path dir) throws IOException {
    AtomicFiles.write(dir.resolve(FILE), Json.MAPPER.writeValueAsString(this) + "\n");
  }

  /** Reads the manifest of run directory {@code dir}. */
  public static RunManifest read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(file + ": not a run directory (no " + FILE + ")");
    }
    try {
      RunManifest manifest = Json.MAPPER.readValue(file.toFile(), RunManifest.class);
      if (manifest.schemaVersion() != SCHEMA_VERSION || manifest.settings() == null) {
        throw new InvalidInputException(
            file, "schemaVersion", "unsupported: " + manifest.schemaVersion());
      }
      return manifest;
    } catch (JacksonException e) {
      throw new InvalidInputException(file, null, "not a valid run manifest: " + Json.describe(e));
    }
  }
}
