package org.reposearcheval.evals.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *               {"name": "sonnet", "model": "claude-sonnet-4-5"},
 *               {"name": "no-repo", "workspace": "none"},
 *               {"name": "codex-with-mcp", "agent": "codex", "mcpConfig": "mcp.json"},
 *               {"name": "codex-without-mcp", "agent": "codex",
 *                "command": "/opt/codex/bin/codex", "args": ["-c", "model_reasoning_effort=low"],
 *                "env": {"CODEX_API_KEY": "..."}}]}
 * }</pre>
 *
 * A variant without {@code agent} runs the default agent ({@code --agent}, Claude Code unless
 * told), with {@code --agent-command} as its binary. Paths are relative to the file. The baseline
 * is {@code without-mcp} (no MCP server, the default model; added by itself) or the name of one of
 * the variants. The arms come baseline first, so the report's statistics compare every other
 * variant with it.
 */
public record Variants(String baseline, List<Arm> arms, Optional<String> judge) {
  /** {@code $schema} lets an editor find docs/schema/variants.schema.json; it is ignored. */
  private static final Set<String> TOP_FIELDS = Set.of("$schema", "baseline", "variants", "judge");

  private static final Set<String> VARIANT_FIELDS =
      Set.of("name", "mcpConfig", "model", "agent", "command", "args", "env", "workspace");

  public Variants {
    arms = List.copyOf(arms);
    judge = judge == null ? Optional.empty() : judge;
  }

  /** Variants that name no judge: {@code --judge}, else Claude Code, grades judged answers. */
  public Variants(String baseline, List<Arm> arms) {
    this(baseline, arms, Optional.empty());
  }

  /** The arms' names in run order ({@code modes} in run.json). */
  public List<String> armNames() {
    return arms.stream().map(Arm::name).toList();
  }

  /** Reads and checks {@code file}, every variant run by Claude Code unless it names its agent. */
  public static Variants load(Path file) {
    return load(file, AgentSpec.DEFAULT);
  }

  /**
   * Reads and checks {@code file}; every problem names the file and the field. A variant that names
   * no agent runs {@code defaultAgent}, as does the built-in baseline.
   */
  public static Variants load(Path file, AgentSpec defaultAgent) {
    JsonNode root = JsonFields.read(file, "variants");
    if (root == null || !root.isObject()) {
      throw new InvalidInputException(
          file, null, "must be a JSON object with 'baseline' and 'variants'");
    }
    JsonFields.rejectUnknown(file, root, TOP_FIELDS, "");
    String baseline = text(file, root, "baseline", "baseline", true);
    String judge = text(file, root, "judge", "judge", false);
    if (judge != null) {
      try {
        JudgeSpec.parse(judge);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(file, "judge", e.getMessage().replace("--judge: ", ""));
      }
    }
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
      if (name.equals("judge")) {
        throw new InvalidInputException(
            file, where + ".name", "'judge' names the judge's transcripts; choose another name");
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
      AgentSpec agent = agent(file, node, where, defaultAgent);
      String workspace = text(file, node, "workspace", where + ".workspace", false);
      if (workspace != null && !workspace.equals("repo") && !workspace.equals("none")) {
        throw new InvalidInputException(
            file, where + ".workspace", "must be \"repo\" (the default) or \"none\"");
      }
      boolean none = "none".equals(workspace);
      if (none && mcp != null) {
        throw new InvalidInputException(
            file, where + ".workspace", "\"none\" gives the agent no repository, so no mcpConfig");
      }
      try {
        variants.add(new Arm(name, mcpConfig, Optional.ofNullable(model), agent, none));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(file, where + ".name", e.getMessage());
      }
    }
    List<Arm> arms = new ArrayList<>();
    if (baseline.equals(Arm.WITHOUT_MCP)) {
      arms.add(Arm.withoutMcp(defaultAgent));
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
    return new Variants(baseline, arms, Optional.ofNullable(judge));
  }

  /** The variant's agent: its own fields, or the default agent's where it gives none. */
  private static AgentSpec agent(Path file, JsonNode node, String where, AgentSpec defaultAgent) {
    String name = text(file, node, "agent", where + ".agent", false);
    if (name != null && !AgentSpec.AGENTS.contains(name)) {
      throw new InvalidInputException(
          file,
          where + ".agent",
          "unknown agent '" + name + "'; one of " + String.join(", ", AgentSpec.AGENTS));
    }
    String command = text(file, node, "command", where + ".command", false);
    if (command != null && command.contains("/")) {
      // A path is relative to the file, as mcpConfig is; a bare name is looked up on PATH.
      command = file.toAbsolutePath().getParent().resolve(command).normalize().toString();
    }
    boolean own = name != null && !name.equals(defaultAgent.agent());
    List<String> args = new ArrayList<>(own ? List.of() : defaultAgent.args());
    JsonNode argList = node.get("args");
    if (argList != null && !argList.isNull()) {
      if (!argList.isArray()) {
        throw new InvalidInputException(file, where + ".args", "must be a list of strings");
      }
      for (int i = 0; i < argList.size(); i++) {
        if (!argList.get(i).isString()) {
          throw new InvalidInputException(file, where + ".args[" + i + "]", "must be a string");
        }
        args.add(argList.get(i).asString());
      }
    }
    Map<String, String> env = new LinkedHashMap<>(own ? Map.of() : defaultAgent.env());
    JsonNode envObject = node.get("env");
    if (envObject != null && !envObject.isNull()) {
      if (!envObject.isObject()) {
        throw new InvalidInputException(
            file, where + ".env", "must be an object of variable names to string values");
      }
      for (Map.Entry<String, JsonNode> variable : envObject.properties()) {
        String key = variable.getKey();
        if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new InvalidInputException(
              file, where + ".env." + key, "is not a valid environment variable name");
        }
        if (!variable.getValue().isString()) {
          throw new InvalidInputException(file, where + ".env." + key, "must be a string");
        }
        env.put(key, variable.getValue().asString());
      }
    }
    return new AgentSpec(
        name == null ? defaultAgent.agent() : name,
        command != null ? Optional.of(command) : own ? Optional.empty() : defaultAgent.command(),
        args,
        env);
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
