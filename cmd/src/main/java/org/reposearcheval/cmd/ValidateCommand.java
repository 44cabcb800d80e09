package org.reposearcheval.cmd;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.reposearcheval.evals.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code repo-search-eval validate}: checks the suite without running anything. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Check the case files and the MCP config without running anything.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin SuiteOptions suite;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Evaluation.Input input =
        Evaluation.check(
            suite.casesDir,
            suite.mcpConfigFile(),
            Optional.ofNullable(suite.variants),
            suite.modes(spec.commandLine()),
            suite.tags);
    spec.commandLine()
        .getOut()
        .printf(
            "ok: %d cases in %s%s%n",
            input.cases().size(),
            suite.casesDir,
            input.arms().stream()
                .flatMap(arm -> arm.mcpConfig().stream())
                .map(m -> "; MCP servers " + m.serverNames() + " in " + m.file())
                .findFirst()
                .orElse(""));
    return ExitCodes.OK;
  }
}
