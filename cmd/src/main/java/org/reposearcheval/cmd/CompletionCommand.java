package org.reposearcheval.cmd;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code repo-search-eval completion bash|zsh}: a completion script for every command and option,
 * generated from the same picocli model that parses them, so it never falls behind.
 */
@Command(
    name = "completion",
    footer = {
      // Each line fits in 80 columns: picocli wraps a longer one, and half a path pasted is wrong.
      "  dir=~/.local/share/bash-completion/completions && mkdir -p $dir",
      "  repo-search-eval completion bash > $dir/repo-search-eval   # every new shell",
      "  source <(repo-search-eval completion bash)                 # this shell only"
    },
    description = "Print a shell completion script for bash or zsh.")
final class CompletionCommand extends Subcommand implements Callable<Integer> {
  enum Shell {
    bash,
    zsh
  }

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    String bash = AutoComplete.bash("repo-search-eval", spec.root().commandLine());
    // zsh runs the bash script through its bash-compatible completion layer.
    String script =
        shell == Shell.zsh ? "autoload -U +X bashcompinit && bashcompinit\n" + bash : bash;
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
