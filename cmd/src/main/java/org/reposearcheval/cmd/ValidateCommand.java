package org.reposearcheval.cmd;

import java.util.concurrent.Callable;
import org.reposearcheval.evals.Preflight;
import org.reposearcheval.evals.suite.Shard;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

/** {@code repo-search-eval validate}: checks the suite without running anything. */
@Command(
    name = "validate",
    footer = {"  repo-search-eval validate --cases cases --mcp-config cases/mcp.json"},
    description = "Check the case files and the MCP config without running anything.")
final class ValidateCommand extends Subcommand implements Callable<Integer> {
  @ArgGroup(validate = false, heading = SuiteOptions.HEADING)
  SuiteOptions suite = new SuiteOptions();

  @Override
  public Integer call() {
    Preflight.Checked input =
        Preflight.suite(suite.suite(Shard.ALL), suite.arms(spec.commandLine()));
    spec.commandLine()
        .getOut()
        .printf(
            "ok: %d cases in %s%s%n",
            input.cases().size(),
            suite.casesDir.toAbsolutePath().normalize(),
            input.arms().stream()
                .flatMap(arm -> arm.mcpConfig().stream())
                .map(m -> "; MCP servers " + m.serverNames() + " in " + m.file())
                .findFirst()
                .orElse(""));
    return ExitCodes.OK;
  }
}
