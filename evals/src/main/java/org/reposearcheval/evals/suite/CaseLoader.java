package org.reposearcheval.evals.suite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the cases directory: one JSON file per case. Every problem is an {@link
 * InvalidInputException} naming the file and the field, raised before anything runs.
 */
public final class CaseLoader {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");

  /** {@code $schema} lets an editor find the case schema; the harness ignores it. */
  private static final Set<String> CASE_FIELDS =
      Set.of("$schema", "id", "prompt", "expect", "tags", "timeout", "repo", "commit", "derived");

  /** Files in the cases directory that are not cases. */
  private static final Set<String> NOT_CASES = Set.of("mcp.json", SuiteFile.NAME);

  private CaseLoader() {}

  /** A suite directory read: its {@code suite.json} (or none) and its cases sorted by id. */
  public record Suite(SuiteFile settings, List<TestCase> cases) {}

  /**
   * Loads every {@code *.json} case in {@code dir} (except {@code mcp.json} and {@code
   * suite.json}), sorted by id, each pinned as it or the suite says.
   */
  public static List<TestCase> load(Path dir) {
    return loadSuite(dir).cases();
  }

  /** Loads {@code dir}'s {@code suite.json} and its cases, each pinned as it or the suite says. */
  public static Suite loadSuite(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(dir + ": cases directory does not exist");
    }
    SuiteFile suite = SuiteFile.load(dir);
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files =
          listing
              .filter(p -> p.getFileName().toString().endsWith(".json"))
              .filter(p -> !NOT_CASES.contains(p.getFileName().toString()))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new InvalidInputException(dir + ": cannot list cases directory: " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new InvalidInputException(dir + ": no case files (*.json) in the cases directory");
    }
    // Parsed side by side (thousands of files take a noticeable part of the start); the first
    // bad file in name order is the one reported, as when they were parsed one by one.
    List<Parsed> parsed = files.parallelStream().map(f -> Parsed.of(f, suite.pin())).toList();
    Map<String, Path> seen = new HashMap<>();
    List<TestCase> cases = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      TestCase testCase = parsed.get(i).get();
      Path earlier = seen.putIfAbsent(testCase.id(), file);
      if (earlier != null) {
        throw new InvalidInputException(
            file, "id", "duplicate id '" + testCase.id() + "' (also in " + earlier + ")");
      }
      cases.add(testCase);
    }
    cases.sort(Comparator.comparing(TestCase::id));
    return new Suite(suite, List.copyOf(cases));
  }

  /** A case file parsed, or why it could not be. */
  private record Parsed(TestCase testCase, InvalidInputException problem) {
    static Parsed of(Path file, Pin suitePin) {
      try {
        return new Parsed(parse(file, suitePin), null);
      } catch (InvalidInputException e) {
        return new Parsed(null, e);
      }
    }

    TestCase get() {
      if (problem != null) {
        throw problem;
      }
      return testCase;
    }
  }

  /** Parses one case file of a suite without {@code suite.json}. */
  public static TestCase parse(Path file) {
    return parse(file, Pin.NONE);
  }

  /** Parses one case file; what it does not pin itself, {@code suitePin} does. */
  public static TestCase parse(Path file, Pin suitePin) {
    JsonNode root;
    byte[] content;
    try {
      content = Files.readAllBytes(file);
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
      if (text.isBlank()) {
        throw new InvalidInputException(file, null, "is empty (a case is a JSON object)");
      }
      root = Json.STRICT.readTree(text);
    } catch (IOException e) {
      throw new InvalidInputException(file, null, "cannot read: " + e.getMessage());
    } catch (JacksonException e) {
      throw new InvalidInputException(file, null, "not valid JSON at " + Json.describe(e));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException(file, null, "must be a JSON object");
    }
    JsonFields.rejectUnknown(file, root, CASE_FIELDS, "");
    String id = JsonFields.requiredString(file, root, "id");
    if (!SAFE_ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
      throw new InvalidInputException(
          file, "id", "'" + id + "' may use only letters, digits, '.', '_' and '-'");
    }
    String prompt = JsonFields.requiredString(file, root, "prompt");
    Expectations expect = ExpectationsParser.parse(file, root.get("expect"));
    List<String> tags = JsonFields.stringList(file, root, "tags", "tags");
    Optional<Duration> timeout = Optional.empty();
    if (root.has("timeout")) {
      String text = JsonFields.requiredString(file, root, "timeout");
      try {
        timeout = Optional.of(Durations.parse(text));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(file, "timeout", e.getMessage());
      }
    }
    List<String> derived = JsonFields.stringList(file, root, "derived", "derived");
    for (int i = 0; i < derived.size(); i++) {
      String entry = derived.get(i);
      if (!expect.contains().contains(entry)
          && expect.regex().stream().noneMatch(p -> p.pattern().equals(entry))) {
        throw new InvalidInputException(
            file,
            "derived[" + i + "]",
            "'" + entry + "' is neither an expect.contains nor an expect.regex entry of this case");
      }
    }
    return new TestCase(
        id,
        prompt,
        expect,
        tags,
        timeout,
        pin(file, root, suitePin),
        derived,
        file,
        Fingerprint.of(content));
  }

  /**
   * The case's own {@code repo} and {@code commit}, else the suite's: the suite's commit only for
   * the suite's repository (a case that names another repository names its own commit, or runs that
   * repository unpinned).
   */
  private static Pin pin(Path file, JsonNode root, Pin suitePin) {
    Path base = file.toAbsolutePath().getParent();
    Optional<String> repo =
        JsonFields.optionalString(file, root, "repo").map(r -> Pin.resolve(r, base));
    Optional<String> commit = JsonFields.optionalString(file, root, "commit");
    if (repo.isEmpty()) {
      return new Pin(suitePin.repo(), commit.or(suitePin::commit));
    }
    boolean suites = repo.equals(suitePin.repo());
    if (commit.isEmpty() && !suites && Pin.isUrl(repo.get())) {
      throw new InvalidInputException(
          file, "commit", "missing: a case that names a git URL as its repo names its commit too");
    }
    return new Pin(repo, commit.or(() -> suites ? suitePin.commit() : Optional.empty()));
  }
}
