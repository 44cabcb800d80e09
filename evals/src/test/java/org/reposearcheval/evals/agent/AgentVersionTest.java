package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reposearcheval.evals.util.InvalidInputException;

/** An agent binary that is not there: the error says how to install it. */
class AgentVersionTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "claude, --claude, npm install -g @anthropic-ai/claude-code",
    "codex, --agent codex, npm install -g @openai/codex",
    "gemini, --agent gemini, npm install -g @google/gemini-cli",
    "opencode, --agent opencode, npm install -g opencode-ai",
    "auggie, --agent auggie, npm install -g @augmentcode/auggie"
  })
  void aMissingBinaryNamesItsNpmPackage(String agent, String option, String install) {
    AgentCli cli = AgentClis.named(agent).orElseThrow();
    String missing = dir.resolve("no-such-" + agent).toString();

    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> AgentVersion.of(cli, missing, option, dir, Map.of("PATH", "/usr/bin:/bin")));

    assertTrue(
        e.getMessage().startsWith(option + ": cannot start '" + missing + "'"), e.getMessage());
    assertTrue(
        e.getMessage().endsWith("; install " + cli.displayName() + " with `" + install + "`"),
        e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"'2.1.328 (Claude Code)', 2.1.328", "codex-cli 0.169.0, 0.169.0"})
  void theVersionIsTheFirstWordStartingWithADigit(String printed, String version) {
    assertEquals(version, AgentVersion.version(printed));
  }
}
