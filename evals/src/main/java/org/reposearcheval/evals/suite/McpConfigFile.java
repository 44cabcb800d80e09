package org.reposearcheval.evals.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.util.InvalidInputException;
import tools.jackson.databind.JsonNode;

/**
 * The fields of an MCP config file as {@code McpConfig.load} reads them: strings, lists and maps of
 * strings, and a server's {@code prepare} step, each checked, every problem an {@link
 * InvalidInputException} naming the file and the field.
 */
final class McpConfigFile {
  private McpConfigFile() {}

  /**
   * A server's {@code "prepare": {"command": …, "args": […]}} as its command line (null when it has
   * none); {@code ${CASE_ID}} has no value there, as a prepare serves every case of its checkout.
   */
  static List<String> prepare(Path file, JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new InvalidInputException(
          file, where, "must be an object: {\"command\": …, \"args\": […]}");
    }
    for (String key : node.propertyNames()) {
      if (!key.equals("command") && !key.equals("args")) {
        throw new InvalidInputException(file, where + "." + key, "unknown key (command, args)");
      }
    }
    String command = string(file, node, "command", where);
    if (command == null || command.isBlank()) {
      throw new InvalidInputException(file, where + ".command", "missing");
    }
    List<String> args = strings(file, node.get("args"), where + ".args");
    for (String value :
        (Iterable<String>)
            java.util.stream.Stream.concat(java.util.stream.Stream.of(command), args.stream())
                ::iterator) {
      if (value.contains("${CASE_ID}")) {
        throw new InvalidInputException(
            file,
            where,
            "${CASE_ID} has no value here: a prepare step runs once per checkout, for all its"
                + " cases (${REPO} is the checkout)");
      }
    }
    List<String> step = new ArrayList<>(List.of(command));
    step.addAll(args);
    return step;
  }

  static String string(Path file, JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new InvalidInputException(file, where + "." + field, "must be a string");
    }
    return value.asString();
  }

  static List<String> strings(Path file, JsonNode list, String where) {
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new InvalidInputException(file, where, "must be a list of strings");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!list.get(i).isString()) {
        throw new InvalidInputException(file, where + "[" + i + "]", "must be a string");
      }
      values.add(list.get(i).asString());
    }
    return values;
  }

  static Map<String, String> map(Path file, JsonNode object, String where) {
    if (object == null || object.isNull()) {
      return Map.of();
    }
    if (!object.isObject()) {
      throw new InvalidInputException(file, where, "must be an object of strings");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (var entry : object.properties()) {
      if (!entry.getValue().isString()) {
        throw new InvalidInputException(file, where + "." + entry.getKey(), "must be a string");
      }
      values.put(entry.getKey(), entry.getValue().asString());
    }
    return values;
  }
}
