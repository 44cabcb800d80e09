package org.reposearcheval.evals.transcript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.suite.ToolName;
import org.reposearcheval.evals.util.AtomicFiles;
import org.reposearcheval.evals.util.Json;
import org.reposearcheval.evals.util.Secrets;
import tools.jackson.core.JacksonException;

/**
 * Each case's prompt and expectations as a run asked them, kept in the run directory ({@value
 * #FILE}) so its pages show them after the case files have changed or moved. Saved once per run
 * directory when a run starts; a run directory without it shows "prompt not recorded".
 */
public final class Prompts {
  /** The file in a run directory. */
  public static final String FILE = "prompts.json";

  /**
   * One case as it was asked.
   *
   * @param expectations each expectation as the scorer names a missed one ({@code contains "x"})
   */
  public record CasePrompt(String prompt, List<String> expectations) {
    public CasePrompt {
      expectations = List.copyOf(expectations);
    }
  }

  private record Saved(Map<String, CasePrompt> cases) {}

  private final Map<String, CasePrompt> byCase;

  private Prompts(Map<String, CasePrompt> byCase) {
    this.byCase = new TreeMap<>(byCase);
  }

  /** None recorded. */
  public static Prompts none() {
    return new Prompts(Map.of());
  }

  /** The prompts and expectations of {@code cases}, masked like everything else the run writes. */
  public static Prompts of(List<TestCase> cases, Secrets secrets) {
    Map<String, CasePrompt> byCase = new TreeMap<>();
    for (TestCase c : cases) {
      byCase.put(
          c.id(),
          new CasePrompt(
              secrets.mask(c.prompt()), describe(c.expect()).stream().map(secrets::mask).toList()));
    }
    return new Prompts(byCase);
  }

  /**
   * Records {@code cases} in {@code runDir}, beside what a run resumed there recorded before: a
   * case asked again is recorded as it is asked now.
   */
  public static void save(Path runDir, List<TestCase> cases, Secrets secrets) throws IOException {
    load(runDir).plus(of(cases, secrets)).save(runDir);
  }

  /**
   * What {@code runDir} recorded; {@link #none()} when it recorded nothing.
   *
   * @throws IOException when the file cannot be read or is not what {@link #save} writes
   */
  public static Prompts load(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    try {
      Saved saved = Json.MAPPER.readValue(Files.readString(file), Saved.class);
      return new Prompts(saved.cases() == null ? Map.of() : saved.cases());
    } catch (NoSuchFileException e) {
      return none();
    } catch (JacksonException e) {
      throw new IOException(file + " is not a prompts file: " + Json.describe(e), e);
    }
  }

  /** These and {@code newer}'s; where both have a case, {@code newer}'s (merging shards too). */
  public Prompts plus(Prompts newer) {
    Map<String, CasePrompt> merged = new TreeMap<>(byCase);
    merged.putAll(newer.byCase);
    return new Prompts(merged);
  }

  /** Writes {@value #FILE} in {@code runDir}, whole or not at all. */
  public void save(Path runDir) throws IOException {
    Files.createDirectories(runDir);
    AtomicFiles.write(
        runDir.resolve(FILE), Json.MAPPER.writeValueAsString(new Saved(byCase)) + "\n");
  }

  /** The case as recorded, if it was. */
  public Optional<CasePrompt> find(String caseId) {
    return Optional.ofNullable(byCase.get(caseId));
  }

  /** Each expectation in the words the scorer uses for a missed one, so the two can be matched. */
  static List<String> describe(Expectations expect) {
    List<String> all = new ArrayList<>();
    expect.contains().forEach(s -> all.add("contains \"" + s + "\""));
    expect.regex().stream().map(Pattern::pattern).forEach(p -> all.add("regex /" + p + "/"));
    expect.notContains().forEach(s -> all.add("notContains \"" + s + "\""));
    expect.files().forEach(f -> all.add("files \"" + f + "\""));
    expect.tools().used().stream().map(ToolName::toString).forEach(t -> all.add("tools.used " + t));
    expect.tools().notUsed().stream()
        .map(ToolName::toString)
        .forEach(t -> all.add("tools.notUsed " + t));
    if (expect.tools().maxCalls() != null) {
      all.add("tools.maxCalls " + expect.tools().maxCalls());
    }
    if (expect.judged().rubric() != null) {
      all.add("rubric \"" + expect.judged().rubric() + "\"");
    }
    if (expect.judged().reference() != null) {
      all.add("reference \"" + expect.judged().reference() + "\"");
    }
    return all;
  }

  /** True when {@code missed} (as the scorer wrote it) is the expectation {@code described}. */
  static boolean isMissed(String described, String missed) {
    return missed.equals(described) || missed.startsWith(described + " (");
  }
}
