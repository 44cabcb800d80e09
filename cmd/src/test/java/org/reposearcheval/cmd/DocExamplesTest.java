package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.ReportSchemas;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The commands README.md and docs/*.md show are the commands there are. Every {@code
 * repo-search-eval …} line names a command and options that picocli knows; the option tables list
 * exactly the options; every {@code --help} example prints on lines of its own; and the examples
 * that can run offline run, in a directory of their own as a user runs them from the repository
 * root (the shipped cases, the test agent as {@code --claude}), with the output they show.
 */
class DocExamplesTest {
  static final Path FAKE_CLAUDE = MainTest.FAKE_CLAUDE;
  private static final String PROGRAM = "repo-search-eval";

  /** Where the docs' output says the repository is; the example's directory in the test. */
  static final String SHOWN_ROOT = "/home/you/repo-search-eval";

  @TempDir Path dir;

  private static CommandLine commandLine() {
    return Main.commandLine(
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }

  /** Every name of every option of {@code spec}. */
  private static Set<String> optionNames(CommandSpec spec) {
    Set<String> names = new TreeSet<>();
    for (OptionSpec option : spec.options()) {
      if (!option.hidden()) {
        names.addAll(List.of(option.names()));
      }
    }
    return names;
  }

  @Test
  void everyDocumentedCommandLineNamesACommandAndOptionsThatExist() {
    CommandLine root = commandLine();
    List<DocCommandLines.CommandLine> lines = DocCommandLines.of(PROGRAM);
    assertTrue(lines.size() >= 15, "command lines found: " + lines);
    List<String> problems = new ArrayList<>();
    for (DocCommandLines.CommandLine line : lines) {
      List<String> args = line.args();
      if (args.isEmpty() || args.getFirst().startsWith("<")) {
        continue; // the program named, not run
      }
      CommandSpec spec = root.getCommandSpec();
      List<String> rest = args;
      if (!args.getFirst().startsWith("-")) {
        CommandLine sub = root.getSubcommands().get(args.getFirst());
        if (sub == null) {
          problems.add(line + ": no command " + args.getFirst());
          continue;
        }
        spec = sub.getCommandSpec();
        rest = args.subList(1, args.size());
        if (args.getFirst().equals("help")) {
          rest.stream()
              .filter(a -> !root.getSubcommands().containsKey(a))
              .forEach(a -> problems.add(line + ": help names no command " + a));
          continue;
        }
      }
      for (String arg : rest) {
        String word = arg.replaceAll("^\\[+|]+$", "");
        if (word.startsWith("-") && word.length() > 1 && !word.matches("-[0-9.]+")) {
          String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
          if (spec.findOption(name) == null) {
            problems.add(line + ": " + spec.name() + " has no option " + name);
          }
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theOptionTablesOfRunAndValidateListExactlyTheirOptions() {
    CommandLine root = commandLine();
    for (String command : List.of("run", "validate")) {
      Set<String> documented = optionTable(command);
      assertEquals(
          optionNames(root.getSubcommands().get(command).getCommandSpec()),
          documented,
          "docs/evaluation.md, Options of `" + command + "`");
    }
  }

  /** The option names in the first column of evaluation.md's "Options of `command`" table. */
  private static Set<String> optionTable(String command) {
    List<String> lines = DocCommandLines.lines(DocCommandLines.ROOT.resolve("docs/evaluation.md"));
    int heading = lines.indexOf("### Options of `" + command + "`");
    assertTrue(heading >= 0, "no options table for " + command);
    Set<String> names = new TreeSet<>();
    int row = heading + 1;
    while (!lines.get(row).startsWith("|")) {
      row++;
    }
    for (row += 2; lines.get(row).startsWith("|"); row++) {
      String first = lines.get(row).split("(?<!\\\\)\\|")[1];
      Matcher option = Pattern.compile("`(-{1,2}[a-zA-Z-]+)").matcher(first);
      while (option.find()) {
        names.add(option.group(1));
      }
    }
    return names;
  }

  @Test
  void everyHelpExamplePrintsOnALineOfItsOwnWithinEightyColumns() {
    List<CommandLine> commands = new ArrayList<>(List.of(commandLine()));
    commands.addAll(commandLine().getSubcommands().values());
    for (CommandLine command : commands) {
      List<String> help = List.of(command.getUsageMessage().split("\\R"));
      for (String example : command.getCommandSpec().usageMessage().footer()) {
        assertTrue(example.length() <= 80, command.getCommandName() + ": too long: " + example);
        assertTrue(
            help.contains(example),
            command.getCommandName() + " --help wraps or drops " + example + "\n" + help);
      }
    }
  }

  @Test
  void theBenchmarkCommandLinesUseTheScriptsOptionsAndDefaults() throws IOException {
    String script = Files.readString(DocCommandLines.ROOT.resolve("cmd/bench/overhead"));
    Set<String> options = new TreeSet<>();
    Matcher arm = Pattern.compile("(?m)^\\s+(--[a-z-]+)\\) ").matcher(script);
    while (arm.find()) {
      options.add(arm.group(1));
    }
    assertTrue(options.contains("--rows"), options.toString());
    List<DocCommandLines.CommandLine> lines = DocCommandLines.of("cmd/bench/overhead");
    assertTrue(lines.size() >= 5, lines.toString());
    for (DocCommandLines.CommandLine line : lines) {
      for (String arg : line.args()) {
        String word = arg.replaceAll("^\\[+|]+$", "");
        if (word.startsWith("--")) {
          assertTrue(options.contains(word), line + ": the script has no option " + word);
        }
      }
    }
    Matcher rows = Pattern.compile("(?m)^rows=\"([^\"]+)\"").matcher(script);
    assertTrue(rows.find(), "the script's default rows");
    for (String doc : List.of("docs/evaluation.md", "docs/performance.md")) {
      String text = Files.readString(DocCommandLines.ROOT.resolve(doc));
      assertTrue(text.contains("`" + rows.group(1) + "`"), doc + " names other default rows");
    }
  }

  /** What a command printed and how it ended. */
  record Ran(int code, String out, String err) {}

  /** {@code repo-search-eval args} as a new JVM in {@code cwd}, as the launcher starts it. */
  static Ran cli(Path cwd, List<String> args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-preview",
                "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(args);
    Path out = Files.createTempFile(cwd.getParent(), "out", ".txt");
    Path err = Files.createTempFile(cwd.getParent(), "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(cwd.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    // The clones of pinned repositories go to a cache of the test's, not the user's.
    builder.environment().put("XDG_CACHE_HOME", cwd.getParent().resolve("cache").toString());
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail(args + " still running after 3 minutes");
    }
    return new Ran(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * A directory laid out like the repository root: the shipped cases as they are in this tree, in a
   * clone of this repository without a working tree, since the shipped suite is pinned to one of
   * its commits ({@code cases/suite.json}: {@code "repo": ".."}).
   */
  private Path workspace() throws IOException, InterruptedException {
    Path root = dir.resolve("repo-search-eval");
    Finished clone =
        Finished.run(
            new ProcessBuilder(
                "git",
                "clone",
                "--quiet",
                "--shared",
                "--no-checkout",
                DocCommandLines.ROOT.toString(),
                root.toString()),
            Duration.ofMinutes(2));
    assertEquals(0, clone.exitCode(), clone.output());
    copyTree(DocCommandLines.ROOT.resolve("cases"), root.resolve("cases"));
    return root;
  }

  /** Whether a documented command line can run here: offline, with nothing left to fill in. */
  private static boolean runnable(List<String> args) {
    if (args.isEmpty() || args.getFirst().startsWith("<") || args.getFirst().equals("help")) {
      return false;
    }
    for (String arg : args) {
      boolean placeholder =
          arg.matches("[A-Z][A-Z0-9/]*") && !arg.equals("-")
              || arg.contains("…")
              || arg.contains("[");
      // Other agents need their CLIs; a variants file is not there.
      if (placeholder || arg.equals("--agent") || arg.equals("--variants")) {
        return false;
      }
    }
    return true;
  }

  @Test
  void theExamplesThatCanRunOfflineRunAndPrintWhatTheDocsShow() throws Exception {
    Path root = workspace();
    Map<List<String>, String> examples = new LinkedHashMap<>();
    for (DocCommandLines.CommandLine line : DocCommandLines.of(PROGRAM)) {
      if (runnable(line.args())) {
        examples.putIfAbsent(line.args(), line.where());
      }
    }
    // New runs first, so the commands that read a run directory have one.
    List<List<String>> order = new ArrayList<>(examples.keySet());
    order.sort(
        Comparator.comparingInt(
            args ->
                args.getFirst().equals("run") && !args.contains("--resume")
                    ? 0
                    : args.getFirst().equals("merge") ? 1 : 2));
    assertTrue(order.size() >= 8, "runnable examples: " + order);
    Map<List<String>, Ran> ran = new LinkedHashMap<>();
    Path firstRun = null;
    for (List<String> example : order) {
      List<String> args = new ArrayList<>();
      for (String arg : example) {
        if (arg.matches("eval-results/(<timestamp>|[0-9]{8}-[0-9]{6})") && firstRun != null) {
          args.add(root.relativize(firstRun).toString());
        } else {
          args.add(arg);
        }
      }
      for (String arg : args.subList(1, args.size())) {
        Path path = root.resolve(arg);
        // compare and report read run directories: the docs' names for them get this one's.
        if (arg.startsWith("eval-results/")
            && !Files.exists(path)
            && firstRun != null
            && List.of("compare", "report").contains(args.getFirst())) {
          copyTree(firstRun, path);
        }
      }
      if (args.getFirst().equals("run") && !args.contains("--resume")) {
        args.addAll(List.of("--claude", FAKE_CLAUDE.toString()));
      }
      Set<Path> before = runDirectories(root);
      Ran result = cli(root, args);
      assertEquals(0, result.code(), examples.get(example) + ": " + args + "\n" + result);
      ran.put(example, result);
      if (args.getFirst().equals("run")
          && !args.contains("--output")
          && !args.contains("--resume")) {
        Set<Path> made = runDirectories(root);
        made.removeAll(before);
        assertEquals(1, made.size(), args + " made " + made);
        Path run = made.iterator().next();
        ReportSchemas.assertValid(run);
        firstRun = firstRun == null ? run : firstRun;
      }
    }
    assertTrue(ran.keySet().stream().anyMatch(a -> a.getFirst().equals("merge")), "no merge ran");
    ReportSchemas.assertValid(root.resolve("eval-results/merged"));

    for (DocCommandLines.Block block : DocCommandLines.blocks()) {
      compareShownOutput(block, ran, root);
    }
  }

  /**
   * A block of {@code $ command} lines each followed by its output: the output of a command that
   * ran must be what the block shows. A {@code run}'s output, which depends on the agent's answers
   * and times, is compared in its shape: every line but the per-run ones, numbers and "…" free.
   */
  private static void compareShownOutput(
      DocCommandLines.Block block, Map<List<String>, Ran> ran, Path root) {
    List<String> lines = block.lines();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int at = line.indexOf(PROGRAM + " ");
      if (!line.startsWith("$ ") || at < 0) {
        continue;
      }
      List<String> args = DocCommandLines.split(line.substring(at + PROGRAM.length()));
      List<String> shown = new ArrayList<>();
      for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("$ "); j++) {
        shown.add(lines.get(j).replace(SHOWN_ROOT, root.toString()));
      }
      Ran result = ran.get(args);
      assertTrue(result != null, block.where() + ": " + line + " did not run");
      List<String> actual = List.of(result.out().split("\\R"));
      if (!args.getFirst().equals("run")) {
        assertEquals(shown, actual, block.where() + ": " + line);
        continue;
      }
      for (String expected : shown) {
        if (expected.startsWith("[") || expected.equals("…") || expected.isBlank()) {
          continue;
        }
        Pattern shape = shape(expected);
        assertTrue(
            actual.stream().anyMatch(a -> shape.matcher(a).matches()),
            block.where() + ": no line like '" + expected + "' in\n" + result.out());
      }
    }
  }

  /** A shown line as a pattern: each number (with its unit) and each "…" matches any text. */
  static Pattern shape(String shown) {
    StringBuilder regex = new StringBuilder();
    Matcher free =
        Pattern.compile("…|\\$?[0-9][0-9.]*(?:[a-z]*[0-9][0-9.]*)*[a-z%×]*").matcher(shown);
    int last = 0;
    while (free.find()) {
      regex.append(Pattern.quote(shown.substring(last, free.start()))).append(".*?");
      last = free.end();
    }
    regex.append(Pattern.quote(shown.substring(last)));
    return Pattern.compile(regex.toString().replace(" ", "\\E\\s+\\Q"));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : walk.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }

  private static Set<Path> runDirectories(Path root) throws IOException {
    Path results = root.resolve("eval-results");
    if (!Files.isDirectory(results)) {
      return new LinkedHashSet<>();
    }
    try (Stream<Path> listing = Files.list(results)) {
      return new LinkedHashSet<>(
          listing
              .filter(p -> p.getFileName().toString().matches("[0-9]{8}-[0-9]{6}(-[0-9]+)?"))
              .toList());
    }
  }

  @Test
  void agentPathsAreRelativeToTheDirectoryTheCommandRunsInNotToTheRepository() throws Exception {
    Path root = Files.createDirectories(dir.resolve("here"));
    Files.createDirectories(root.resolve("repo"));
    Files.copy(FAKE_CLAUDE, root.resolve("agent.sh"));
    Path cases = Files.createDirectories(root.resolve("cases"));
    TestSuites.writeCase(cases, "alpha", "answer=It is in RunAll.java", "RunAll.java");
    Files.createDirectories(root.resolve("variants"));
    Files.writeString(
        root.resolve("variants/variants.json"),
        "{\"baseline\": \"without-mcp\","
            + " \"variants\": [{\"name\": \"fake\", \"command\": \"../agent.sh\"}]}");

    for (List<String> options :
        List.of(
            List.of("--claude", "./agent.sh"),
            List.of("--agent-command", "./agent.sh"),
            List.of("--claude", "./agent.sh", "--variants", "variants/variants.json"))) {
      List<String> args = new ArrayList<>(List.of("run", "--repo", "repo", "--cases", "cases"));
      if (!options.contains("--variants")) {
        args.addAll(List.of("--mode", "without-mcp"));
      }
      args.addAll(options);
      args.addAll(List.of("--output", "out-" + options.size() + "-" + options.getFirst()));

      Ran result = cli(root, args);

      assertEquals(0, result.code(), args + "\n" + result);
      ReportSchemas.assertValid(root.resolve(args.getLast()));
    }
  }
}
