package org.reposearcheval.cmd;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.reposearcheval.evals.EvalSettings;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.suite.Variants;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where the suite is and which of it runs: an option group shared by {@code run} and validate. */
final class SuiteOptions {
  static final String HEADING = "%nSuite:%n";

  @Option(
      names = "--cases",
      paramLabel = "DIR",
      defaultValue = "cases",
      description = "Directory of case files, one JSON file per case (default: ${DEFAULT-VALUE}).")
  Path casesDir;

  @Option(
      names = "--mcp-config",
      paramLabel = "FILE",
      description =
          "MCP config in Claude Code's form ({\"mcpServers\": …}) for the with-MCP arm, translated"
              + " for other agents (default: mcp.json in the cases directory).")
  Path mcpConfig;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "both",
      completionCandidates = Modes.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = "--variants",
      paramLabel = "FILE",
      description =
          "Named arms instead of --mode and --mcp-config: {\"baseline\": NAME, \"variants\":"
              + " [{\"name\", \"mcpConfig\", \"model\"}…]}; paths relative to the file.")
  Path variants;

  @Option(
      names = "--strict",
      description =
          "An answer key that its pinned tree does not hold is an error (exit 2), not a"
              + " warning.")
  boolean strict;

  @Option(
      names = "--no-repo-control",
      description =
          "Also run every case in an arm without the repository (no-repo: an empty working"
              + " directory, no MCP server); the report lists the cases it passes.")
  boolean noRepoControl;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Only the cases with this tag; repeat for any of several.")
  Set<String> tags = new LinkedHashSet<>();

  /** The values {@code --mode} takes, for help and shell completion. */
  static final class Modes implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.of("both", Arm.WITH_MCP, Arm.WITHOUT_MCP).iterator();
    }
  }

  /** The suite's settings, for {@code shard} of its cases. */
  EvalSettings.Suite suite(Shard shard) {
    return new EvalSettings.Suite(
        casesDir,
        List.copyOf(tags),
        shard,
        mcpConfig != null ? mcpConfig : casesDir.resolve("mcp.json"),
        Optional.ofNullable(variants),
        strict);
  }

  /** The arms {@code --mode} or {@code --variants} names, in the order they run within a case. */
  List<String> arms(CommandLine commandLine) {
    List<String> arms = new java.util.ArrayList<>(namedArms(commandLine));
    if (noRepoControl && !arms.contains(Arm.NO_REPO)) {
      arms.add(Arm.NO_REPO);
    }
    return arms;
  }

  private List<String> namedArms(CommandLine commandLine) {
    if (variants != null) {
      var parsed = commandLine.getParseResult();
      if (parsed.hasMatchedOption("--mode") || parsed.hasMatchedOption("--mcp-config")) {
        throw new ParameterException(
            commandLine, "--variants names the arms itself: leave out --mode and --mcp-config");
      }
      return Variants.load(variants).armNames();
    }
    return switch (mode) {
      case "both" -> List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP);
      case Arm.WITH_MCP -> List.of(Arm.WITH_MCP);
      case Arm.WITHOUT_MCP -> List.of(Arm.WITHOUT_MCP);
      default ->
          throw new ParameterException(
              commandLine, "--mode must be both, with-mcp or without-mcp, got '" + mode + "'");
    };
  }
}
