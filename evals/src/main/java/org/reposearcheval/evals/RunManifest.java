package org.reposearcheval.evals;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.suite.CaseTree;
import org.reposearcheval.evals.suite.ServerManifest;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.AtomicFiles;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * {@code run.json}: the settings a run directory was made with and a fingerprint of every case of
 * the suite (all shards), so {@code run --resume} continues with exactly those settings and runs a
 * changed case again, and {@code merge} can tell that shards come from the same suite.
 */
public record RunManifest(
    int schemaVersion,
    String createdAt,
    EvalSettings settings,
    String claudeCodeVersion,
    Map<String, String> caseFingerprints,
    Map<String, String> agentVersions,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, CaseTree> caseTrees,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Preparation> preparations,
    @JsonInclude(JsonInclude.Include.NON_NULL) String judgeTemplate,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<ServerManifest>> mcpManifest) {

  public RunManifest {
    mcpManifest =
        mcpManifest == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mcpManifest));
    preparations = preparations == null ? List.of() : List.copyOf(preparations);
    caseTrees =
        caseTrees == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(caseTrees));
    // run.json written before agents were a choice has only Claude Code's version.
    if (agentVersions == null || agentVersions.isEmpty()) {
      agentVersions = claudeCodeVersion == null ? Map.of() : Map.of("claude", claudeCodeVersion);
    }
    agentVersions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(agentVersions));
  }

  public static final String FILE = "run.json";
  public static final int SCHEMA_VERSION = 1;

  private static final JsonMapper MAPPER =
      Json.MAPPER.rebuild().addModule(settingsValues()).build();

  /** A manifest without prepare steps and without a judge template. */
  public RunManifest(
      int schemaVersion,
      String createdAt,
      EvalSettings settings,
      String claudeCodeVersion,
      Map<String, String> caseFingerprints,
      Map<String, String> agentVersions,
      Map<String, CaseTree> caseTrees) {
    this(
        schemaVersion,
        createdAt,
        settings,
        claudeCodeVersion,
        caseFingerprints,
        agentVersions,
        caseTrees,
        List.of(),
        null,
        Map.of());
  }

  /** This manifest with {@code preparations} as the MCP servers' prepare steps so far. */
  RunManifest withPreparations(List<Preparation> preparations) {
    return new RunManifest(
        schemaVersion,
        createdAt,
        settings,
        claudeCodeVersion,
        caseFingerprints,
        agentVersions,
        caseTrees,
        preparations,
        judgeTemplate,
        mcpManifest);
  }

  /** This manifest with other settings and judge template (after {@code judge DIR}). */
  public RunManifest judgedWith(EvalSettings settings, String judgeTemplate) {
    return new RunManifest(
        schemaVersion,
        createdAt,
        settings,
        claudeCodeVersion,
        caseFingerprints,
        agentVersions,
        caseTrees,
        preparations,
        judgeTemplate,
        mcpManifest);
  }

  /** A manifest without the cases' trees (from before pinned suites). */
  public RunManifest(
      int schemaVersion,
      String createdAt,
      EvalSettings settings,
      String claudeCodeVersion,
      Map<String, String> caseFingerprints,
      Map<String, String> agentVersions) {
    this(
        schemaVersion,
        createdAt,
        settings,
        claudeCodeVersion,
        caseFingerprints,
        agentVersions,
        Map.of());
  }

  static RunManifest of(
      EvalSettings settings,
      Map<String, String> agentVersions,
      List<TestCase> cases,
      String createdAt) {
    return of(settings, agentVersions, cases, createdAt, Map.of());
  }

  /** The manifest of a run of {@code cases}, each asked about its tree in {@code caseTrees}. */
  static RunManifest of(
      EvalSettings settings,
      Map<String, String> agentVersions,
      List<TestCase> cases,
      String createdAt,
      Map<String, CaseTree> caseTrees) {
    return of(settings, agentVersions, cases, createdAt, caseTrees, Map.of());
  }

  /**
   * The manifest of a run of {@code cases}, each asked about its tree in {@code caseTrees}, with
   * what each arm's MCP servers answered the harness before any run ({@code mcpManifest}, by arm).
   */
  static RunManifest of(
      EvalSettings settings,
      Map<String, String> agentVersions,
      List<TestCase> cases,
      String createdAt,
      Map<String, CaseTree> caseTrees,
      Map<String, List<ServerManifest>> mcpManifest) {
    return new RunManifest(
        SCHEMA_VERSION,
        createdAt,
        settings,
        agentVersions.get("claude"),
        fingerprints(cases),
        agentVersions,
        caseTrees,
        List.of(),
        org.reposearcheval.evals.judge.JudgePrompt.standard().sha256(),
        mcpManifest);
  }

  /** Each case's fingerprint by id, in the cases' order. */
  static Map<String, String> fingerprints(List<TestCase> cases) {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    for (TestCase testCase : cases) {
      fingerprints.put(testCase.id(), testCase.fingerprint().hex());
    }
    return fingerprints;
  }

  public void write(Path dir) throws IOException {
    AtomicFiles.write(dir.resolve(FILE), MAPPER.writeValueAsString(this) + "\n");
  }

  /** Reads the manifest of run directory {@code dir}. */
  public static RunManifest read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(file + ": not a run directory (no " + FILE + ")");
    }
    try {
      RunManifest manifest = MAPPER.readValue(file.toFile(), RunManifest.class);
      if (manifest.schemaVersion() != SCHEMA_VERSION || manifest.settings() == null) {
        throw new InvalidInputException(
            file, "schemaVersion", "unsupported: " + manifest.schemaVersion());
      }
      return manifest;
    } catch (JacksonException e) {
      throw new InvalidInputException(file, null, "not a valid run manifest: " + Json.describe(e));
    }
  }

  /** The settings' values as run.json writes them: absolute paths, {@code 90s}, {@code K/N}. */
  private static SimpleModule settingsValues() {
    SimpleModule module = new SimpleModule(FILE);
    asText(module, Path.class, p -> p.toAbsolutePath().normalize().toString(), Path::of);
    asText(module, Duration.class, Durations::canonical, Durations::parse);
    asText(module, Shard.class, Shard::toString, Shard::parse);
    return module;
  }

  private static <T> void asText(
      SimpleModule module, Class<T> type, Function<T, String> write, Function<String, T> read) {
    module.addSerializer(
        type,
        new StdSerializer<T>(type) {
          @Override
          public void serialize(T value, JsonGenerator out, SerializationContext context) {
            out.writeString(write.apply(value));
          }
        });
    module.addDeserializer(
        type,
        new StdDeserializer<T>(type) {
          @Override
          public T deserialize(JsonParser in, DeserializationContext context) {
            return read.apply(in.getValueAsString());
          }
        });
  }
}
