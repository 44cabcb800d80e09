package org.reposearcheval.evals.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.reposearcheval.evals.util.InvalidInputException;
import tools.jackson.databind.JsonNode;

/**
 * Named variants: more arms than the default pair, read from a {@code --variants} file such as
 *
 * <pre>{@code
 * {"baseline": "without-mcp",
 *  "variants": [{"name": "with-mcp", "mcpConfig": "mcp.json"},
 *               {"name": "mcp-v2", "mcpConfig": "mcp-v2.json"},
 *               {"name": "sonnet", "model": "claude-sonnet-4-5"}]}
 * }</pre>
 *
 * Paths are relative to the file. The baseline is {@code without-mcp} (no MCP server, the default
 * model; added by itself) or the name of one of the variants. The arms come baseline first, so the
 * report's statistics compare every other variant with it.
 */
public record Variants(String baseline, List<Arm> arms) {
  /** {@code $schema} lets an editor find docs/schema/variants.schema.json; it is ignored. */
  private static final Set<String> TOP_FIELDS = Set.of("$schema", "baseline", "variants");

  private static final Set<String> VARIANT_FIELDS = Set.of("name", "mcpConfig", "model");

  public Variants {
    arms = List.copyOf(arms);
  }

  /** The arms' names in run order ({@code modes} in run.json). */
  public List<String> armNames() {
    return arms.stream().map(Arm::name).toList();
  }

  /** Reads and checks {@code file}; every problem names the file and the field. */
  public static Variants load(Path file) {
    JsonNode root = JsonFields.read(file, "variants");
    if (root == null || !root.isObject()) {
      throw new InvalidInputException(
          file, null, "must be a JSON object with 'baseline' and 'variants'");
    }
    JsonFields.rejectUnknown(file, root, TOP_FIELDS, "");
    String baseline = text(file, root, "baseline", "baseline", true);
    JsonNode list = root.get("variants");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new InvalidInputException(file, "variants", "missing, not a list, or empty");
    }
    Path base = file.toAbsolutePath().getParent();
    List<Arm> variants = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "variants[" + i + "]";
      JsonNode node = list.get(i);
      if (!node.isObject()) {
        throw new InvalidInputException(file, where, "must be an object with a 'name'");
      }
      JsonFields.rejectUnknown(file, node, VARIANT_FIELDS, where + ".");
      String name = text(file, node, "name", where + ".name", true);
      if (name.equals(Arm.WITHOUT_MCP)) {
        throw new InvalidInputException(
            file, where + ".name", "'without-mcp' is the built-in baseline; name it as 'baseline'");
      }
      if (!names.add(name)) {
        throw new InvalidInputException(file, where + ".name", "'" + name + "' is named twice");
      }
      String mcp = text(file, node, "mcpConfig", where + ".mcpConfig", false);
      String model = text(file, node, "model", where + ".model", false);
      Optional<McpConfig> mcpConfig;
      try {
        mcpConfig = Optional.ofNullable(mcp).map(p -> McpConfig.load(base.resolve(p)));
      } catch (InvalidInputException e) {
        throw new InvalidInputException(file, where + ".mcpConfig", e.getMessage());
      }
      try {
        variants.add(new Arm(name, mcpConfig, Optional.ofNullable(model)));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(file, where + ".name", e.getMessage());
      }
    }
    List<Arm> arms = new ArrayList<>();
    if (baseline.equals(Arm.WITHOUT_MCP)) {
      arms.add(Arm.withoutMcp());
    } else {
      Arm chosen =
          variants.stream()
              .filter(a -> a.name().equals(baseline))
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          file,
                          "baseline",
                          "'" + baseline + "' is neither without-mcp nor a variant's name"));
      arms.add(chosen);
      variants.remove(chosen);
    }
    if (variants.isEmpty()) {
      throw new InvalidInputException(file, "variants", "names no arm besides the baseline");
    }
    arms.addAll(variants);
    return new Variants(baseline, arms);
  }

  private static String text(
      Path file, JsonNode node, String field, String where, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidInputException(file, where, "missing");
      }
      return null;
    }
    if (!value.isString() || value.asString().isBlank()) {
      throw new InvalidInputException(file, where, "must be a non-empty string");
    }
    return value.asString();
  }
}
