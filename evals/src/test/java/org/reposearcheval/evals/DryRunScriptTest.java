package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.Shard;

/**
 * {@code --dry-run} shows where every agent's MCP servers travel — on the command line, in a file
 * of its private home, or in a variable — so the with-MCP run never prints like the baseline, and
 * the agent's secrets never print at all. (DryRunReplayIT runs the printed scripts.)
 */
class DryRunScriptTest {
  private static final String SERVER = "my-mcp-server-binary";
  private static final String KEY = "dry-run-secret-value-0123456789";

  @TempDir Path dir;

  private List<String> scripts(String agent) throws IOException {
    Path cases = Files.createDirectories(dir.resolve("cases"));
    Files.writeString(
        cases.resolve("q.json"),
        "{\"id\": \"q\", \"prompt\": \"It's where?\", \"expect\": {\"contains\": [\"x\"]}}");
    Path mcp =
        Files.writeString(
            dir.resolve("mcp.json"),
            "{\"mcpServers\": {\"repo\": {\"command\": \"" + SERVER + "\", \"args\": [\".\"]}}}");
    EvalSettings settings =
        new EvalSettings(
            new EvalSettings.Suite(cases, List.of(), Shard.ALL, mcp, Optional.empty()),
            new EvalSettings.Agent(dir, "claude", agent, Optional.empty()),
            new Schedule(List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP), 1, 1),
            new PerRun(Duration.ofMinutes(1), Optional.of("m-1"), Optional.empty()),
            Policy.DEFAULTS);
    Map<String, String> env = new HashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", dir.toString());
    for (String name :
        List.of(
            "ANTHROPIC_API_KEY",
            "CODEX_API_KEY",
            "GEMINI_API_KEY",
            "OPENAI_API_KEY",
            "AUGMENT_API_TOKEN")) {
      env.put(name, KEY);
    }
    env.put(
        "AUGMENT_SESSION_AUTH", "{\"accessToken\":\"" + KEY + "\",\"tenantURL\":\"http://t/\"}");
    return Evaluation.commandLines(settings, dir.resolve("out"), env);
  }

  @ParameterizedTest
  @ValueSource(strings = {"claude", "codex", "gemini", "opencode", "auggie"})
  void theWithMcpRunShowsItsServerWhereverItTravelsAndTheBaselineShowsNone(String agent)
      throws IOException {
    List<String> scripts = scripts(agent);

    assertEquals(2, scripts.size());
    String with = scripts.get(0);
    String without = scripts.get(1);
    assertTrue(with.startsWith("# 0 q with-mcp"), with);
    assertTrue(without.startsWith("# 1 q without-mcp"), without);
    assertTrue(with.contains(SERVER) || with.contains(dir.resolve("mcp.json").toString()), with);
    assertLacks(without, SERVER);
    for (String script : scripts) {
      assertContains(script, "H=$(mktemp -d)", "(cd " + dir.toAbsolutePath());
      // The prompt on stdin, or (Augment CLI) in the instruction file the script writes.
      assertTrue(script.contains("printf %s 'It'\\''s where?'"), script);
      assertLacks(script, KEY);
      assertFalse(script.contains("repo-search-eval-dry-run-"), "the home reads $H: " + script);
    }
  }
}
