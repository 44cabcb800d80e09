package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * The field tables in the docs say what the schemas say. A table introduced by {@code <!-- schema:
 * report.schema.json#/$defs/config -->} documents that object: each name in its first column
 * ({@code `a`}, {@code `a.b`}, {@code `a[]`}) must be a field of it, and each of its fields must be
 * named. An object below a named field is documented by a table of its own, by rows naming its
 * fields ({@code `flips.armOnly`}), or by a row that names all its fields in its text. Every object
 * of report.json, run.json and results.jsonl must be documented one of these ways: a field added to
 * a schema and not to the docs fails here, as a field written and not in the schema fails {@link
 * ReportSchemas}.
 */
class DocTablesTest {
  static final Path DOCS = Path.of("../docs").toAbsolutePath().normalize();
  private static final Pattern MARKER =
      Pattern.compile("<!-- schema: ([a-z]+\\.schema\\.json)(#[^ ]*)? -->");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final List<String> ROOTS =
      List.of(ReportSchemas.REPORT, ReportSchemas.RUN, ReportSchemas.RESULTS);

  /** A table marked for {@code schema#pointer}: where it is, and its rows' cells. */
  record Table(String where, String schema, String pointer, List<List<String>> rows) {}

  /** An object of a schema: its key ({@code file#pointer}) and its node. */
  record Target(String key, JsonNode node) {}

  private final Map<String, JsonNode> schemas = new LinkedHashMap<>();

  private JsonNode schemaFile(String name) {
    return schemas.computeIfAbsent(
        name,
        n -> {
          try {
            return Json.MAPPER.readTree(ReportSchemas.DIR.resolve(n).toFile());
          } catch (RuntimeException e) {
            throw new IllegalStateException(n, e);
          }
        });
  }

  /** Every marked table in docs/*.md. */
  static List<Table> tables() {
    List<Table> tables = new ArrayList<>();
    List<Path> docs;
    try (Stream<Path> listing = Files.list(DOCS)) {
      docs = listing.filter(p -> p.toString().endsWith(".md")).sorted().toList();
      for (Path doc : docs) {
        List<String> lines = Files.readAllLines(doc);
        for (int i = 0; i < lines.size(); i++) {
          Matcher marker = MARKER.matcher(lines.get(i));
          if (!marker.find()) {
            continue;
          }
          int row = i + 1;
          while (row < lines.size() && !lines.get(row).startsWith("|")) {
            row++;
          }
          List<List<String>> rows = new ArrayList<>();
          for (int r = row + 2; r < lines.size() && lines.get(r).startsWith("|"); r++) {
            List<String> cells = new ArrayList<>();
            for (String cell : lines.get(r).replace("\\|", "¦").split("\\|")) {
              if (!cell.isBlank()) {
                cells.add(cell.trim());
              }
            }
            rows.add(cells);
          }
          String pointer = marker.group(2) == null ? "" : marker.group(2).substring(1);
          tables.add(
              new Table(
                  DOCS.relativize(doc) + ":" + (i + 1),
                  marker.group(1),
                  pointer,
                  List.copyOf(rows)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tables;
  }

  /**
   * The object behind {@code node}: through {@code $ref}, a nullable {@code anyOf}, arrays, maps.
   */
  private Target objectBehind(String file, String pointer, JsonNode node) {
    for (int hops = 0; hops < 20; hops++) {
      if (node.has("$ref")) {
        String ref = node.get("$ref").asString();
        int hash = ref.indexOf('#');
        if (hash > 0) {
          file = ref.substring(0, hash);
        }
        pointer = ref.substring(hash + 1);
        node = schemaFile(file).at(pointer);
      } else if (node.has("anyOf")) {
        JsonNode branch = null;
        for (JsonNode b : node.get("anyOf")) {
          if (!"null".equals(b.path("type").asString(""))) {
            branch = b;
          }
        }
        node = branch;
      } else if (node.has("items")) {
        node = node.get("items");
      } else if (node.has("properties")) {
        return new Target(file + "#" + pointer, node);
      } else if (node.path("additionalProperties").isObject()) {
        node = node.get("additionalProperties");
      } else {
        return null;
      }
    }
    throw new IllegalStateException("a $ref cycle at " + file + "#" + pointer);
  }

  private Target target(String file, String pointer) {
    return objectBehind(file, pointer, schemaFile(file).at(pointer));
  }

  private static Set<String> fields(Target target) {
    Set<String> fields = new LinkedHashSet<>();
    target.node().get("properties").propertyNames().forEach(fields::add);
    return fields;
  }

  private static Set<String> mentioned(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher code = CODE.matcher(text);
    while (code.find()) {
      names.add(code.group(1));
    }
    return names;
  }

  @Test
  void everyDocumentedFieldIsInTheSchemaAndEveryFieldOfTheSchemasIsDocumented() {
    List<Table> tables = tables();
    assertTrue(tables.size() >= 8, "marked tables: " + tables);
    List<String> problems = new ArrayList<>();
    Set<String> ownTables = new LinkedHashSet<>();
    for (Table table : tables) {
      Target target = target(table.schema(), table.pointer());
      if (target == null) {
        problems.add(table.where() + ": no object at " + table.schema() + "#" + table.pointer());
      } else if (!ownTables.add(target.key())) {
        problems.add(table.where() + ": a second table for " + target.key());
      }
    }
    Set<String> documented = new LinkedHashSet<>(ownTables);
    for (Table table : tables) {
      Target target = target(table.schema(), table.pointer());
      if (target != null) {
        Map<String, String> rowText = new LinkedHashMap<>();
        List<List<String>> paths = new ArrayList<>();
        for (List<String> row : table.rows()) {
          for (String name : mentioned(row.getFirst())) {
            List<String> path = List.of(name.replace("[]", "").split("\\."));
            paths.add(path);
            rowText.merge(String.join(".", path), String.join(" | ", row), (a, b) -> a + " " + b);
          }
        }
        check(table.where(), target, "", paths, rowText, ownTables, documented, problems);
      }
    }
    for (String root : ROOTS) {
      for (Target object : reachable(target(root, ""))) {
        if (!documented.contains(object.key())) {
          problems.add(
              object.key()
                  + " "
                  + fields(object)
                  + " is documented nowhere: give it a marked table, or name every field in the"
                  + " row of the field that holds it");
        }
      }
    }
    assertTrue(problems.isEmpty(), "\n" + String.join("\n", problems));
  }

  /** The names of {@code paths} against {@code target}'s fields, and below them, recursively. */
  private void check(
      String where,
      Target target,
      String prefix,
      List<List<String>> paths,
      Map<String, String> rowText,
      Set<String> ownTables,
      Set<String> documented,
      List<String> problems) {
    Set<String> fields = fields(target);
    Map<String, List<List<String>>> below = new LinkedHashMap<>();
    Set<String> named = new LinkedHashSet<>();
    for (List<String> path : paths) {
      String field = path.getFirst();
      named.add(field);
      if (!fields.contains(field)) {
        problems.add(
            where + ": `" + String.join(".", path) + "` is not a field of " + target.key());
      } else if (path.size() > 1) {
        below.computeIfAbsent(field, f -> new ArrayList<>()).add(path.subList(1, path.size()));
      }
    }
    for (String field : fields) {
      if (!named.contains(field)) {
        problems.add(where + ": field `" + field + "` of " + target.key() + " is not in the table");
        continue;
      }
      Target child =
          objectBehind(
              target.key().substring(0, target.key().indexOf('#')),
              target.key().substring(target.key().indexOf('#') + 1) + "/properties/" + field,
              target.node().get("properties").get(field));
      if (child == null || ownTables.contains(child.key())) {
        continue;
      }
      if (below.containsKey(field)) {
        documented.add(child.key());
        check(
            where,
            child,
            prefix + field + ".",
            below.get(field),
            rowText,
            ownTables,
            documented,
            problems);
      } else {
        documentedByText(child, mentioned(rowText.getOrDefault(prefix + field, "")), documented);
      }
    }
  }

  /** {@code object}, and the objects below it, whose every field {@code text} names. */
  private void documentedByText(Target object, Set<String> text, Set<String> documented) {
    if (!text.containsAll(fields(object))) {
      return;
    }
    documented.add(object.key());
    String file = object.key().substring(0, object.key().indexOf('#'));
    for (Map.Entry<String, JsonNode> field : object.node().get("properties").properties()) {
      Target child = objectBehind(file, "", field.getValue());
      if (child != null && !documented.contains(child.key())) {
        documentedByText(child, text, documented);
      }
    }
  }

  /** Every object reachable from {@code root}, once each. */
  private List<Target> reachable(Target root) {
    Map<String, Target> seen = new LinkedHashMap<>();
    List<Target> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      Target object = todo.removeLast();
      if (seen.putIfAbsent(object.key(), object) != null) {
        continue;
      }
      String file = object.key().substring(0, object.key().indexOf('#'));
      for (JsonNode field : object.node().get("properties")) {
        Target child = objectBehind(file, "", field);
        if (child != null) {
          todo.add(child);
        }
      }
    }
    return List.copyOf(seen.values());
  }

  @Test
  void aFieldMissingFromATableOrUnknownToTheSchemaIsCaught() {
    Table config =
        tables().stream()
            .filter(t -> t.pointer().equals("/$defs/config"))
            .findFirst()
            .orElseThrow();
    Target target = target(config.schema(), config.pointer());
    List<String> problems = new ArrayList<>();
    List<List<String>> withoutRuns =
        new ArrayList<>(List.of(List.of("modes"), List.of("parallel")));
    check("test", target, "", withoutRuns, Map.of(), Set.of(), new LinkedHashSet<>(), problems);

    String all = String.join("\n", problems);
    assertTrue(all.contains("`modes` is not a field"), all);
    assertTrue(all.contains("field `runs`"), all);
    assertTrue(new TreeSet<>(fields(target)).contains("arms"));
  }
}
