package org.reposearcheval.cmd;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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

  private static final String FILES =
      """
            local IFS=$'\\n'
            type compopt &>/dev/null && compopt -o filenames
            COMPREPLY=( $( compgen -f -- "${curr_word}" ) ) # files
            return $?
      """;

  private static final String WORDS =
      "    COMPREPLY=( $(compgen -W \"${commands// /$'\\n'}${IFS}${positionals}\" --"
          + " \"${curr_word}\") )";

  /**
   * {@code script} with file paths offered where picocli offers nothing: after an option whose
   * value is a path kept as a string ({@code --claude PATH}, {@code --agent-command PATH}), and for
   * a command's path parameters ({@code compare BASE HEAD}, {@code report DIR}, …).
   */
  static String withPaths(String script, CommandLine root) {
    for (Map.Entry<String, CommandLine> command : root.getSubcommands().entrySet()) {
      CommandSpec spec = command.getValue().getCommandSpec();
      String function = "function _picocli_repo-search-eval_" + command.getKey() + "() {";
      int start = script.indexOf(function);
      int end = start < 0 ? -1 : script.indexOf("\n}\n", start);
      if (end < 0) {
        continue;
      }
      String body = script.substring(start, end);
      for (OptionSpec option : spec.options()) {
        if (PATH_LABELS.contains(option.paramLabel())) {
          for (String name : option.names()) {
            body =
                body.replace(
                    "    '" + name + "')\n      return\n      ;;",
                    "    '" + name + "')\n" + FILES + "      ;;");
          }
        }
      }
      boolean pathParameters =
          spec.positionalParameters().stream()
              .anyMatch(
                  p ->
                      Path.class.equals(p.type())
                          || Path.class.equals(p.auxiliaryTypes()[0])
                          || PATH_LABELS.contains(p.paramLabel()));
      if (pathParameters) {
        body =
            body.replace(
                WORDS,
                "    type compopt &>/dev/null && compopt -o filenames\n"
                    + "    COMPREPLY=( $(compgen -f -- \"${curr_word}\") ) # files");
      }
      script = script.substring(0, start) + body + script.substring(end);
    }
    return script;
  }

  private static final java.util.Set<String> PATH_LABELS = java.util.Set.of("PATH", "FILE", "DIR");

  @Override
  public Integer call() {
    String bash =
        withPaths(
            AutoComplete.bash("repo-search-eval", spec.root().commandLine()),
            spec.root().commandLine());
    // zsh runs the bash script through its bash-compatible completion layer.
    String script =
        shell == Shell.zsh ? "autoload -U +X bashcompinit && bashcompinit\n" + bash : bash;
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
