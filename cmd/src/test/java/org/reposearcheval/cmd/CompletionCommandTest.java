package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The completion script completes in a real bash, from the same model that parses the commands;
 * every command's help shows an example.
 */
@Timeout(60)
class CompletionCommandTest {
  @TempDir Path dir;

  private String run(String... args) {
    StringWriter out = new StringWriter();
    int code =
        Main.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
            .execute(args);
    assertEquals(ExitCodes.OK, code, String.join(" ", args));
    return out.toString();
  }

  /** What bash offers for {@code line} (its last word being completed), one per line. */
  private List<String> complete(String line) throws Exception {
    Path script = Files.writeString(dir.resolve("completion.bash"), run("completion", "bash"));
    String[] words = line.split(" ", -1);
    String probe =
        "source '"
            + script
            + "'\ncompopt() { :; }  # only callable inside a real completion\nCOMP_LINE='"
            + line
            + "'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=("
            + String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList())
            + "); COMP_CWORD="
            + (words.length - 1)
            + "\n_complete_repo-search-eval\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Finished bash = Finished.run(new ProcessBuilder("bash", "-c", probe), Duration.ofSeconds(30));
    assertEquals(0, bash.exitCode(), bash.output());
    return bash.output().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  @Test
  void bashCompletesCommandsAndTheirOptions() throws Exception {
    assertEquals(List.of("run"), complete("repo-search-eval ru"));
    assertEquals(List.of("compare", "completion"), complete("repo-search-eval com"));
    assertEquals(List.of("--max-answer-rate-drop"), complete("repo-search-eval compare --max-a"));
    assertTrue(complete("repo-search-eval run --").contains("--parallel"));
  }

  @Test
  void bashOffersTheModesTheAgentsAndFilePaths() throws Exception {
    assertEquals(List.of("with-mcp", "without-mcp"), complete("repo-search-eval run --mode w"));
    assertEquals(List.of("both"), complete("repo-search-eval validate --mode b"));
    assertEquals(List.of("codex"), complete("repo-search-eval run --agent co"));
    Files.createDirectories(dir.resolve("eval-results/night-1"));
    Files.createDirectories(dir.resolve("eval-results/night-2"));
    Files.writeString(dir.resolve("my-claude"), "");
    String results = dir.resolve("eval-results/night-").toString();
    List<String> nights = List.of(results + "1", results + "2");
    assertEquals(nights, complete("repo-search-eval compare " + results));
    assertEquals(nights, complete("repo-search-eval compare " + results + "1 " + results));
    assertEquals(nights, complete("repo-search-eval report " + results));
    assertEquals(nights, complete("repo-search-eval merge " + results));
    String claude = dir.resolve("my-cl").toString();
    assertEquals(List.of(claude + "aude"), complete("repo-search-eval run --claude " + claude));
    assertEquals(
        List.of(claude + "aude"), complete("repo-search-eval run --agent-command " + claude));
    // A path option picocli knows as a Path already completed files: the same now.
    assertEquals(nights, complete("repo-search-eval run --resume " + results));
  }

  @Test
  void zshGetsTheSameScriptThroughItsBashLayer() {
    String zsh = run("completion", "zsh");

    assertTrue(zsh.startsWith("autoload -U +X bashcompinit && bashcompinit\n"), zsh);
    assertTrue(zsh.endsWith(run("completion", "bash")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "validate", "merge", "compare", "report", "completion"})
  void everyCommandsHelpShowsAnExample(String command) {
    String help = run(command, "--help");

    assertTrue(help.contains("\nExamples:\n"), help);
    String examples = help.substring(help.indexOf("\nExamples:\n"));
    assertTrue(examples.contains("\n  repo-search-eval " + command + " "), help);
  }
}
