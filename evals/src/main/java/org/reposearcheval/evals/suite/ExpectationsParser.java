package org.reposearcheval.evals.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.reposearcheval.evals.util.InvalidInputException;
import tools.jackson.databind.JsonNode;

/** A case's {@code expect} object, every problem naming the file and the field. */
final class ExpectationsParser {
  private static final Set<String> EXPECT_FIELDS =
      Set.of("contains", "regex", "notContains", "files", "tools", "rubric", "reference");
  private static final Set<String> TOOLS_FIELDS = Set.of("used", "notUsed", "maxCalls");

  private ExpectationsParser() {}

  static Expectations parse(Path file, JsonNode node) {
    if (node == null) {
      throw new InvalidInputException(file, "expect", "missing");
    }
    if (!node.isObject()) {
      throw new InvalidInputException(file, "expect", "must be an object");
    }
    JsonFields.rejectUnknown(file, node, EXPECT_FIELDS, "expect.");
    List<Pattern> regex = new ArrayList<>();
    List<String> sources = JsonFields.stringList(file, node, "regex", "expect.regex");
    for (int i = 0; i < sources.size(); i++) {
      regex.add(compile(file, "expect.regex[" + i + "]", sources.get(i)));
    }
    Expectations expect =
        new Expectations(
            JsonFields.stringList(file, node, "contains", "expect.contains"),
            regex,
            JsonFields.stringList(file, node, "notContains", "expect.notContains"),
            JsonFields.stringList(file, node, "files", "expect.files"),
            tools(file, node.get("tools")),
            new Expectations.Judged(
                judgedText(file, node, "rubric"), judgedText(file, node, "reference")));
    if (expect.isEmpty()) {
      throw new InvalidInputException(
          file,
          "expect",
          "needs at least one of contains, regex, notContains, files, tools, rubric, reference");
    }
    return expect;
  }

  /** {@code expect.rubric} or {@code expect.reference}: text with something in it, or null. */
  private static String judgedText(Path file, JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null) {
      return null;
    }
    if (!value.isString() || value.asString().isBlank()) {
      throw new InvalidInputException(file, "expect." + name, "must be a non-empty string");
    }
    // The judge's prompt ends the rubric and the reference at such a line: what followed it would
    // be read as the prompt's own text, and the case could not be judged as written.
    for (String line : value.asString().lines().map(String::strip).toList()) {
      if (line.matches("</?(rubric|reference|question|answer-[0-9a-f]{16})>")) {
        throw new InvalidInputException(
            file,
            "expect." + name,
            "must not hold the line "
                + line
                + ": the judge's prompt delimits its parts with such lines");
      }
    }
    return value.asString();
  }

  private static ToolExpectations tools(Path file, JsonNode node) {
    if (node == null) {
      return ToolExpectations.NONE;
    }
    if (!node.isObject()) {
      throw new InvalidInputException(file, "expect.tools", "must be an object");
    }
    JsonFields.rejectUnknown(file, node, TOOLS_FIELDS, "expect.tools.");
    Integer maxCalls = null;
    JsonNode max = node.get("maxCalls");
    if (max != null) {
      if (!max.isIntegralNumber() || !max.canConvertToInt() || max.intValue() < 0) {
        throw new InvalidInputException(
            file, "expect.tools.maxCalls", "must be a whole number, 0 or more");
      }
      maxCalls = max.intValue();
    }
    ToolExpectations tools =
        new ToolExpectations(
            toolNames(file, node, "used"), toolNames(file, node, "notUsed"), maxCalls);
    if (tools.isEmpty()) {
      throw new InvalidInputException(
          file, "expect.tools", "needs at least one of used, notUsed, maxCalls");
    }
    return tools;
  }

  private static List<ToolName> toolNames(Path file, JsonNode node, String name) {
    String field = "expect.tools." + name;
    List<String> spelled = JsonFields.stringList(file, node, name, field);
    List<ToolName> names = new ArrayList<>();
    for (int i = 0; i < spelled.size(); i++) {
      try {
        names.add(ToolName.parse(spelled.get(i)));
      } catch (PatternSyntaxException e) {
        throw new InvalidInputException(
            file, field + "[" + i + "]", "invalid regex: " + e.getDescription());
      }
    }
    return names;
  }

  private static Pattern compile(Path file, String field, String source) {
    try {
      return Pattern.compile(source);
    } catch (PatternSyntaxException e) {
      throw new InvalidInputException(file, field, "invalid regex: " + e.getDescription());
    }
  }
}
