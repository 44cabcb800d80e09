package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.reposearcheval.evals.agent.AgentOptions;
import org.reposearcheval.evals.agent.Binaries;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.transcript.Prompts;
import org.reposearcheval.evals.transcript.TranscriptPages;

/**
 * The real parts the integration tests drive, pinned in {@code evals/src/it/package.json} (the
 * build installs them with {@code npm ci}): the agent CLIs and the filesystem MCP server, and MCP
 * configurations that start that server in the ways the tests need.
 */
public final class RealParts {
  public static final Path CLAUDE =
      Path.of(System.getProperty("it.claude", "src/it/node_modules/.bin/claude")).toAbsolutePath();
  public static final Path CODEX = pinned("codex");
  public static final Path GEMINI = pinned("gemini");
  public static final Path OPENCODE = pinned("opencode");
  public static final Path AUGGIE = pinned("auggie");
  public static final Path MCP_SERVER =
      Path.of(
              System.getProperty(
                  "it.mcpFilesystem", "src/it/node_modules/.bin/mcp-server-filesystem"))
          .toAbsolutePath();

  /** The server's program, as {@link LiveProcess#runs} finds it. */
  public static final String MCP_PROGRAM = "mcp-server-filesystem";

  /** The program of the helper a {@link #serverWithHelper} starts. */
  public static final String HELPER_PROGRAM = "sleep";

  private RealParts() {}

  /**
   * The harness's options for a run in {@code repo} with the pinned Claude Code ({@code model}).
   */
  public static AgentOptions claudeOptions(Path repo, Optional<String> model, Duration timeout) {
    Binaries claude = Binaries.of("claude", CLAUDE.toString());
    return new AgentOptions(claude, repo, model, Optional.empty(), timeout);
  }

  /** The pinned CLI {@code name}, from {@code -Dit.<name>} as the build sets it. */
  private static Path pinned(String name) {
    return Path.of(System.getProperty("it." + name, "src/it/node_modules/.bin/" + name))
        .toAbsolutePath();
  }

  /**
   * A repository of one file, {@code src/Widget.java}, declaring {@code WidgetFactory}; returns
   * that file, which the scripted models read with one tool or another.
   */
  public static Path widgetRepo(Path repo) throws IOException {
    Path source = Files.createDirectories(repo.resolve("src")).resolve("Widget.java");
    return Files.writeString(source, "final class WidgetFactory { /* builds widgets */ }\n");
  }

  /**
   * A widget repository ({@link #widgetRepo}) at {@code <dir>/<repoName>}, a cases directory {@code
   * <dir>/cases} and {@code <dir>/mcp.json}, the real server ({@code repo}) serving the repository.
   */
  public static WidgetSuite widgetSuite(Path dir, String repoName) throws IOException {
    Path repo = Files.createDirectories(dir.resolve(repoName));
    Path source = widgetRepo(repo);
    Path cases = Files.createDirectories(dir.resolve("cases"));
    Path mcpConfig = dir.resolve("mcp.json");
    Files.writeString(mcpConfig, mcpServers(List.of(server("repo", repo.toRealPath()))));
    return new WidgetSuite(repo, source, cases, mcpConfig);
  }

  /** What {@link #widgetSuite} made: the repository, its one source file, cases and MCP config. */
  public record WidgetSuite(Path repo, Path source, Path cases, Path mcpConfig) {
    /** Adds the case {@code id} asking {@code prompt}, answered when the answer names the class. */
    public WidgetSuite withCase(String id, String prompt) throws IOException {
      TestJobs.writeCase(cases, id, prompt, "WidgetFactory");
      return this;
    }
  }

  /** {@code {"mcpServers": {…}}} of {@code servers}, each made by one of the methods below. */
  public static String mcpServers(List<String> servers) {
    return "{\"mcpServers\": {" + String.join(", ", servers) + "}}";
  }

  /** The real server, serving {@code root}, under {@code name}. */
  public static String server(String name, Path root) {
    return "\"%s\": {\"command\": \"%s\", \"args\": [\"%s\"]}".formatted(name, MCP_SERVER, root);
  }

  /** A repository at {@code <dir>/repo} holding one file, README.md, that says "hello". */
  public static Path helloRepo(Path dir) throws IOException {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve("README.md"), "hello\n");
    return repo;
  }

  /** Writes {@code <dir>/mcp.json} holding {@code servers} ({@link #mcpServers}); its path. */
  public static Path mcpJson(Path dir, String... servers) throws IOException {
    return Files.writeString(dir.resolve("mcp.json"), mcpServers(List.of(servers)));
  }

  /**
   * The real server behind a script that first leaves a mark, {@code <dir>/marks/<name>}, one line
   * a start: proof that it was started, whatever became of it ({@link #started}).
   */
  public static String markingServer(Path dir, String name, Path root) throws IOException {
    return script(dir, name, root, "");
  }

  /**
   * A marking server that first starts a helper of its own, as servers with an indexer or a
   * language server behind them do. The helper ignores SIGTERM and reads nothing from the server,
   * so it outlives the server, and the CLI, unless whoever kills the run kills it too.
   */
  public static String serverWithHelper(Path dir, String name, Path root) throws IOException {
    return script(
        dir,
        name,
        root,
        "(trap '' TERM; exec %s 3600 </dev/null >/dev/null 2>&1) &\n".formatted(HELPER_PROGRAM));
  }

  private static String script(Path dir, String name, Path root, String before) throws IOException {
    Path scripts = Files.createDirectories(dir.resolve("servers"));
    Path marks = Files.createDirectories(dir.resolve("marks"));
    Path script = scripts.resolve(name);
    Files.writeString(
        script,
        "#!/bin/sh\necho \"$$\" >> '%s'\n%sexec '%s' '%s'\n"
            .formatted(marks.resolve(name), before, MCP_SERVER, root));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return "\"%s\": {\"command\": \"%s\"}".formatted(name, script);
  }

  /** The names of the script servers under {@code dir} that were started, once per start. */
  public static List<String> started(Path dir) throws IOException {
    Path marks = dir.resolve("marks");
    List<String> started = new ArrayList<>();
    if (Files.isDirectory(marks)) {
      try (Stream<Path> files = Files.list(marks)) {
        for (Path mark : files.sorted().toList()) {
          for (String ignored : Files.readAllLines(mark)) {
            started.add(mark.getFileName().toString());
          }
        }
      }
    }
    return started;
  }

  /**
   * Fails unless the page of run {@code r} in {@code out} (written there first when the run was not
   * part of an evaluation) shows its first turn's MCP call, server · tool, with its arguments and a
   * result holding {@code result}; returns the page.
   */
  public static String assertMcpTurnShown(
      Path out, RunResult r, String server, String tool, String result) throws IOException {
    Path file = out.resolve(TranscriptPages.runPage(r));
    if (!Files.exists(file)) {
      TranscriptPages.write(out, List.of(r), List.of(r.arm()), Prompts.none());
    }
    String page = Files.readString(file);
    int turn = page.indexOf("<h3>Turn 1</h3>");
    Assertions.assertTrue(turn >= 0, "no turn 1 on " + file);
    String first = page.substring(turn, page.indexOf("</article>", turn));
    Assertions.assertTrue(
        first.contains("<span class=\"tag mcp\">MCP</span> " + server + " · <b>" + tool + "</b>"),
        first);
    Assertions.assertTrue(first.contains("<pre class=\"args\">"), first);
    Assertions.assertTrue(first.contains(result), first);
    Assertions.assertTrue(page.contains("<h3>Turn 2</h3>"), page);
    return page;
  }

  /** Fails if any file under {@code root} contains {@code secret}. */
  public static void assertNoFileContains(Path root, String secret) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Assertions.assertFalse(Files.readString(file).contains(secret), "secret found in " + file);
      }
    }
  }

  /** Every file and directory under {@code root} but {@code .git}, relative, with its content. */
  public static java.util.Map<String, String> snapshot(Path root) throws IOException {
    java.util.Map<String, String> found = new java.util.TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path f : all.filter(f -> !root.relativize(f).startsWith(".git")).toList()) {
        found.put(root.relativize(f).toString(), Files.isDirectory(f) ? "/" : Files.readString(f));
      }
    }
    return found;
  }

  /** The inside of each {@code <td>} of a case page's row headed {@code rowHeader}. */
  public static List<String> cells(String page, String rowHeader) {
    java.util.regex.Matcher row =
        java.util.regex.Pattern.compile(
                "(?s)<tr><th class=\"turn\">"
                    + java.util.regex.Pattern.quote(rowHeader)
                    + "</th>(.*?)</tr>")
            .matcher(page);
    Assertions.assertTrue(row.find(), "no row " + rowHeader);
    return java.util.regex.Pattern.compile("(?s)<td>(.*?)</td>")
        .matcher(row.group(1))
        .results()
        .map(m -> m.group(1))
        .toList();
  }
}
