package org.reposearcheval.evals.suite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
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
  private static final Set<String> CASE_FIELDS =
      Set.of("id", "prompt", "expect", "tags", "timeout");
  private static final Set<String> EXPECT_FIELDS = Set.of("contains", "regex", "notContains");

  /** Files in the cases directory that are not cases. */
  private static final Set<String> NOT_CASES = Set.of("mcp.json");

  private CaseLoader() {}

  /** Loads every {@code *.json} case in {@code dir} (except {@code mcp.json}), sorted by id. */
  public static List<TestCase> load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(dir + ": cases directory does not exist");
    }
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
    Map<String, Path> seen = new HashMap<>();
    List<TestCase> cases = new ArrayList<>();
    for (Path file : files) {
      TestCase testCase = parse(file);
      Path earlier = seen.putIfAbsent(testCase.id(), file);
      if (earlier != null) {
        throw new InvalidInputException(
            file, "id", "duplicate id '" + testCase.id() + "' (also in " + earlier + ")");
      }
      cases.add(testCase);
    }
    cases.sort(Comparator.comparing(TestCase::id));
    return List.copyOf(cases);
  }

  /** Parses one case file. */
  public static TestCase parse(Path file) {
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
    rejectUnknown(file, root, CASE_FIELDS, "");
    String id = requiredString(file, root, "id");
    if (!SAFE_ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
      throw new InvalidInputException(
          file, "id", "'" + id + "' may use only letters, digits, '.', '_' and '-'");
    }
    String prompt = requiredString(file, root, "prompt");
    JsonNode expectNode = root.get("expect");
    if (expectNode == null) {
      throw new InvalidInputException(file, "expect", "missing");
    }
    if (!expectNode.isObject()) {
      throw new InvalidInputException(file, "expect", "must be an object");
    }
    rejectUnknown(file, expectNode, EXPECT_FIELDS, "expect.");
    List<String> contains = stringList(file, expectNode, "contains", "expect.contains");
    List<String> regexSources = stringList(file, expectNode, "regex", "expect.regex");
    List<String> notContains = stringList(file, expectNode, "notContains", "expect.notContains");
    if (contains.isEmpty() && regexSources.isEmpty() && notContains.isEmpty()) {
      throw new InvalidInputException(
          file, "expect", "needs at least one of contains, regex, notContains");
    }
    List<Pattern> regex = new ArrayList<>();
    for (int i = 0; i < regexSources.size(); i++) {
      try {
        regex.add(Pattern.compile(regexSources.get(i)));
      } catch (PatternSyntaxException e) {
        throw new InvalidInputException(
            file, "expect.regex[" + i + "]", "invalid regex: " + e.getDescription());
      }
    }
    List<String> tags = stringList(file, root, "tags", "tags");
    Optional<Duration> timeout = Optional.empty();
    if (root.has("timeout")) {
      String text = requiredString(file, root, "timeout");
      try {
        timeout = Optional.of(Durations.parse(text));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(file, "timeout", e.getMessage());
      }
    }
    return new TestCase(
        id,
        prompt,
        new Expectations(contains, regex, notContains),
        tags,
        timeout,
        file,
        sha256(content));
  }

  /** The fingerprint {@code run.json} records: SHA-256 of the bytes the case was parsed from. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void rejectUnknown(Path file, JsonNode node, Set<String> known, String prefix) {
    for (String name : node.propertyNames()) {
      if (!known.contains(name)) {
        throw new InvalidInputException(
            file, prefix + name, "unknown field (known: " + String.join(", ", sorted(known)) + ")");
      }
    }
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }

  private static String requiredString(Path file, JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new InvalidInputException(file, name, "missing");
    }
    if (!value.isString()) {
      throw new InvalidInputException(file, name, "must be a string");
    }
    if (value.stringValue().isBlank()) {
      throw new InvalidInputException(file, name, "must not be empty");
    }
    return value.stringValue();
  }

  private static List<String> stringList(Path file, JsonNode node, String name, String field) {
    JsonNode value = node.get(name);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new InvalidInputException(file, field, "must be an array of strings");
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (!item.isString() || item.stringValue().isEmpty()) {
        throw new InvalidInputException(file, field + "[" + i + "]", "must be a non-empty string");
      }
      items.add(item.stringValue());
    }
    return items;
  }
}
