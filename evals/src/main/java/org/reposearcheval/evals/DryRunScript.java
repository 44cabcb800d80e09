package org.reposearcheval.evals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.Rehearsal;
import org.reposearcheval.evals.judge.Judge;
import org.reposearcheval.evals.judge.JudgeDryRun;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.Secrets;

/**
 * One run as {@code --dry-run} prints it: a shell script that repeats the run by hand. It makes the
 * run's private home ({@code H=$(mktemp -d)}) with every directory and file the agent's adapter
 * writes there (its settings, its MCP servers in the agent's own form), then starts the command in
 * the run's working directory with the prompt on stdin, and with the environment the harness sets
 * ({@code env -u NAME} for a variable it removes, {@code NAME=value} for one it sets or changes);
 * the rest of the environment is the caller's own. The home's path reads {@code "$H"} wherever it
 * occurs. The caller masks secrets.
 */
final class DryRunScript {
  /** The shell variable holding the private home. */
  static final String HOME_VARIABLE = "H";

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@+,%^-]+");

  private final String home;

  private DryRunScript(Path home) {
    this.home = home.toString();
  }

  /** The script's lines for {@code run}, started by a caller whose environment is {@code user}. */
  static List<String> lines(Rehearsal run, Map<String, String> user) {
    return new DryRunScript(run.home()).script(run, user);
  }

  private List<String> script(Rehearsal run, Map<String, String> user) {
    List<String> lines = new ArrayList<>();
    lines.add(HOME_VARIABLE + "=$(mktemp -d)");
    for (Path dir : run.directories()) {
      lines.add("mkdir -p " + quote(run.home().resolve(dir).toString()));
    }
    run.files()
        .forEach(
            (file, content) ->
                lines.add(
                    "printf %s "
                        + quote(content)
                        + " > "
                        + quote(run.home().resolve(file).toString())));
    Map<String, String> env = run.invocation().environment();
    List<String> command = new ArrayList<>();
    for (String removed : new TreeSet<>(user.keySet())) {
      if (!env.containsKey(removed)) {
        command.add("-u " + quote(removed));
      }
    }
    for (Map.Entry<String, String> set : new TreeMap<>(env).entrySet()) {
      if (!Objects.equals(user.get(set.getKey()), set.getValue())) {
        command.add(set.getKey() + "=" + quote(set.getValue()));
      }
    }
    String stdin =
        run.invocation().stdin().length == 0
            ? ""
            : "printf %s "
                + quote(new String(run.invocation().stdin(), StandardCharsets.UTF_8))
                + " | ";
    List<String> started = new ArrayList<>();
    run.invocation().command().forEach(arg -> started.add(quote(arg)));
    lines.add(
        "(cd "
            + quote(run.workDir().toAbsolutePath().toString())
            + " && "
            + stdin
            + (command.isEmpty() ? "" : "env " + String.join(" ", command) + " ")
            + String.join(" ", started)
            + ")");
    return lines;
  }

  /**
   * {@code text} as one shell word: single-quoted unless plain, the private home's path as {@code
   * "$H"}.
   */
  private String quote(String text) {
    if (text.isEmpty()) {
      return "''";
    }
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (int at = text.indexOf(home); at >= 0; at = text.indexOf(home, from)) {
      out.append(plainOrQuoted(text.substring(from, at)));
      out.append("\"$").append(HOME_VARIABLE).append('"');
      from = at + home.length();
    }
    return out.append(plainOrQuoted(text.substring(from))).toString();
  }

  static String plainOrQuoted(String text) {
    if (text.isEmpty()) {
      return "";
    }
    return PLAIN.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
  }

  /**
   * How the judge would grade {@code job}'s answer ({@code --judge-runs} times), as {@code
   * --dry-run} shows it: the judge's command line fed its prompt, {@link JudgeDryRun#ANSWER} where
   * the answer goes.
   */
  static String judgeLine(
      EvalSettings settings, Map<String, String> environment, Job job, Secrets secrets) {
    Judge.Settings judge = Judges.settings(settings);
    AgentCli.Invocation invocation;
    try {
      invocation =
          JudgeDryRun.invocation(
              judge,
              settings.agent().binaries(),
              environment,
              job.testCase(),
              job.testCase().id() + "." + job.arm().name() + "-" + job.run());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return String.format(
        "# %d judge %s of %s: %d %s, blind, no tools (timeout %s; the judge's prompt goes on"
            + " stdin)%n%s",
        job.index(),
        judge.spec(),
        job,
        judge.runs(),
        judge.runs() == 1 ? "vote" : "votes",
        Durations.canonical(judge.timeout()),
        secrets.mask(shellLine(invocation)));
  }

  private static String shellLine(AgentCli.Invocation invocation) {
    String stdin = new String(invocation.stdin(), java.nio.charset.StandardCharsets.UTF_8);
    return (stdin.isEmpty() ? "" : "printf %s " + plainOrQuoted(stdin) + " | ")
        + invocation.command().stream()
            .map(word -> word.isEmpty() ? "''" : plainOrQuoted(word))
            .collect(Collectors.joining(" "));
  }
}
