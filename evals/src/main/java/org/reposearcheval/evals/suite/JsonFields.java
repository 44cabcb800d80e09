package org.reposearcheval.evals.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reading the fields of a file people write, each problem an error naming the file and field. */
final class JsonFields {
  private JsonFields() {}

  /**
   * The JSON in {@code file}, read strictly (a key given twice is an error); {@code what} names the
   * kind of file in the messages ("MCP config", "variants").
   */
  static JsonNode read(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(file, null, what + " file does not exist");
    }
    try {
      return Json.STRICT.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new InvalidInputException(file, null, "cannot read " + what + ": " + e.getMessage());
    } catch (JacksonException e) {
      throw new InvalidInputException(file, null, "not valid JSON at " + Json.describe(e));
    }
  }

  static void rejectUnknown(Path file, JsonNode node, Set<String> known, String prefix) {
    for (String name : node.propertyNames()) {
      if (!known.contains(name)) {
        throw new InvalidInputException(
            file, prefix + name, "unknown field (known: " + String.join(", ", sorted(known)) + ")");
      }
    }
  }

  static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }

  static String requiredString(Path file, JsonNode node, String name) {
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

  /** A non-blank string field, or empty when the field is absent. */
  static java.util.Optional<String> optionalString(Path file, JsonNode node, String name) {
    return node.has(name)
        ? java.util.Optional.of(requiredString(file, node, name))
        : java.util.Optional.empty();
  }

  static List<String> stringList(Path file, JsonNode node, String name, String field) {
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
