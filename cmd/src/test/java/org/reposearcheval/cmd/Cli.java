package org.reposearcheval.cmd;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line run in this JVM, what it printed and what it said was wrong kept apart. */
final class Cli {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs {@code args}; its output and errors are added to what earlier runs printed. */
  int run(String... args) {
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  int run(List<String> args) {
    return run(args.toArray(String[]::new));
  }

  /** Forgets what earlier runs printed. */
  void clear() {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  /**
   * {@code run} of the cases in {@code cases} with the test agent, {@code --repo dir}, the reports
   * in {@code dir/out}, then {@code extra}.
   */
  static List<String> runArgs(Path cases, Path dir, String... extra) {
    return runArgs(cases, MainTest.FAKE_CLAUDE, dir, dir.resolve("out"), extra);
  }

  /**
   * {@code run} of the cases in {@code cases} with {@code agent} as Claude Code, {@code --repo
   * repo}, the reports in {@code output}, then {@code extra}; a list to add to.
   */
  static List<String> runArgs(Path cases, Path agent, Path repo, Path output, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--cases",
                cases.toString(),
                "--claude",
                agent.toString(),
                "--repo",
                repo.toString(),
                "--output",
                output.toString()));
    args.addAll(List.of(extra));
    return args;
  }
}
