package org.reposearcheval.cmd;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the suite is: shared by {@code run} and {@code validate}. */
final class SuiteOptions {
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
          "Claude Code MCP config ({\"mcpServers\": …}) for the with-MCP arm"
              + " (default: mcp.json in the cases directory).")
  Path mcpConfig;

  Path mcpConfigFile() {
    return mcpConfig != null ? mcpConfig : casesDir.resolve("mcp.json");
  }
}
