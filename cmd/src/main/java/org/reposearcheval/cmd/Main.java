package org.reposearcheval.cmd;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Properties;
import org.reposearcheval.evals.suite.Shard;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code repo-search-eval}: the top command; its subcommands do the work. */
@Command(
    name = "repo-search-eval",
    footerHeading = "%nExamples:%n",
    footer = {
      "  repo-search-eval run --parallel 4",
      "  repo-search-eval compare eval-results/last-night eval-results/tonight",
      "  source <(repo-search-eval completion bash)"
    },
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Runs questions about a repository through an agent CLI (Claude Code, Codex, Gemini CLI,"
            + " OpenCode, Augment CLI) with and without an MCP server, and reports which answers"
            + " better.",
    subcommands = {
      RunCommand.class,
      ValidateCommand.class,
      MergeCommand.class,
      CompareCommand.class,
      ReportCommand.class,
      JudgeCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every run ended passed or failed",
      "1:some run ended error, timeout, invalid or cancelled",
      "2:bad input or usage; nothing ran",
      "130:interrupted (Ctrl-C or SIGTERM); the partial report was written"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code; prints to the console. */
  static int execute(String... args) {
    return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
        .execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new Main());
    // Values written as on the command line everywhere: 90s, 5m, 1h30m; K/N.
    commandLine.registerConverter(Duration.class, Durations::parse);
    commandLine.registerConverter(Shard.class, Shard::parse);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof InvalidInputException) {
            cmd.getErr().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
          }
          throw e;
        });
    return commandLine;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing subcommand: run, validate, merge, compare, report, judge or completion");
  }

  /** The version Maven filtered into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/repo-search-eval.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"repo-search-eval " + properties.getProperty("version", "unknown")};
    }
  }
}
