package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.suite.Arm;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A run offered no tools (the judge's) as each of the five adapters starts it: the option, config
 * or policy that takes every tool away is there, and it is not in an arm's run of the same agent
 * (the positive control: the test would see it missing). The requests the CLIs then send are in
 * {@code JudgeAgentsIT}.
 */
class NoToolsTest {
  @TempDir Path dir;

  private AgentCli.Invocation invocation(String agent, boolean noTools) throws IOException {
    AgentCli cli = AgentClis.named(agent).orElseThrow();
    Arm arm =
        new Arm(
            "judge",
            Optional.empty(),
            Optional.empty(),
            AgentSpec.of(agent, Optional.empty()),
            true);
    Job job = new Job(0, TestJobs.testCase("c", "Grade this.", "x"), arm, 1);
    Path home = Files.createTempDirectory(dir, agent + (noTools ? "-judge" : "-arm"));
    Path tmp = Files.createDirectories(home.resolve("tmp"));
    Map<String, String> env =
        Map.of(
            "HOME", dir.toString(),
            "GEMINI_API_KEY", "k",
            "AUGMENT_SESSION_AUTH", "{}",
            "ANTHROPIC_API_KEY", "k");
    return cli.invocation(
        new AgentCli.RunSetup(
            job.testCase().prompt(),
            job.arm().mcpConfig(),
            agent,
            List.of(),
            env,
            dir,
            home,
            tmp,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            noTools));
  }

  /** The arguments following each {@code flag} in {@code command}. */
  private static List<String> values(List<String> command, String flag) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i + 1 < command.size(); i++) {
      if (command.get(i).equals(flag)) {
        values.add(command.get(i + 1));
      }
    }
    return values;
  }

  @Test
  void claudeCodeDefinesNoBuiltInTool() throws IOException {
    assertEquals(List.of(""), values(invocation("claude", true).command(), "--tools"));
    assertEquals(List.of(), values(invocation("claude", false).command(), "--tools"));
  }

  @Test
  void codexDisablesEveryFeatureThatBringsATool() throws IOException {
    List<String> judge = invocation("codex", true).command();
    List<String> disabled = values(judge, "--disable");
    for (String feature :
        List.of(
            "shell_tool",
            "unified_exec",
            "view_image",
            "multi_agent",
            "goals",
            "apps",
            "sleep_tool")) {
      assertTrue(disabled.contains(feature), feature + " in " + judge);
    }
    assertTrue(
        values(judge, "-c")
            .containsAll(
                List.of(
                    "web_search=\"disabled\"",
                    "tools.experimental_request_user_input.enabled=false")),
        judge.toString());
    List<String> arm = invocation("codex", false).command();
    assertEquals(List.of("shell_snapshot"), values(arm, "--disable"), arm.toString());
    assertEquals(Collections.frequency(arm, "-"), 1, "the prompt is still on stdin");
  }

  @Test
  void geminiCliGetsAPolicyThatDeniesEveryTool() throws IOException {
    AgentCli.Invocation judge = invocation("gemini", true);
    Path policies = Path.of(judge.environment().get("GEMINI_CLI_HOME"), ".gemini", "policies");
    String policy = Files.readString(policies.resolve("repo-search-eval-no-tools.toml"));
    assertTrue(policy.contains("toolName = \"*\"\ndecision = \"deny\"\npriority = 999"), policy);
    assertEquals(List.of("__none__"), values(judge.command(), "--allowed-mcp-server-names"));
    AgentCli.Invocation arm = invocation("gemini", false);
    Path armPolicies = Path.of(arm.environment().get("GEMINI_CLI_HOME"), ".gemini", "policies");
    assertTrue(Files.isRegularFile(armPolicies.resolve("repo-search-eval-read-only.toml")));
    assertFalse(Files.exists(armPolicies.resolve("repo-search-eval-no-tools.toml")));
  }

  @Test
  void openCodeDeniesEveryToolAndAllowsNone() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode judge =
        json.readTree(invocation("opencode", true).environment().get("OPENCODE_PERMISSION"));
    assertEquals(json.readTree("{\"*\": \"deny\"}"), judge);
    JsonNode arm =
        json.readTree(invocation("opencode", false).environment().get("OPENCODE_PERMISSION"));
    assertEquals("allow", arm.path("grep").asString(), arm.toString());
    JsonNode config =
        json.readTree(invocation("opencode", true).environment().get("OPENCODE_CONFIG_CONTENT"));
    assertEquals(0, config.path("mcp").size(), "no MCP server");
  }

  @Test
  void augmentCliRemovesTheReadingToolsToo() throws IOException {
    List<String> judge = values(invocation("auggie", true).command(), "--remove-tool");
    List<String> arm = values(invocation("auggie", false).command(), "--remove-tool");
    for (String tool :
        List.of("view", "grep-search", "codebase-retrieval-raw", "view_tasklist", "add_tasks")) {
      assertTrue(judge.contains(tool), tool + " in " + judge);
      assertFalse(arm.contains(tool), tool + " removed from an arm: " + arm);
    }
    assertTrue(judge.containsAll(arm), "and every tool an arm loses");
    assertEquals(
        List.of("{\"mcpServers\":{}}"),
        values(invocation("auggie", true).command(), "--mcp-config"));
  }

  @Test
  void theSolverOfAJudgeStartsEveryRunWithNoTools() throws IOException {
    Arm arm = new Arm("judge", Optional.empty(), Optional.empty(), AgentSpec.DEFAULT, true);
    Job job = new Job(0, TestJobs.testCase("c", "Grade this.", "x"), arm, 1);
    Map<String, String> env = Map.of("HOME", dir.toString());
    try (AgentSolver judge = solver(true, env);
        AgentSolver arms = solver(false, env)) {
      assertEquals(List.of(""), values(judge.command(job), "--tools"));
      assertEquals(List.of(), values(arms.command(job), "--tools"));
    }
  }

  /** A solver of claude in {@code dir}, offering no tools at all if {@code noTools}. */
  private AgentSolver solver(boolean noTools, Map<String, String> env) {
    return new AgentSolver(
        new AgentOptions(
            Binaries.of("claude", "claude"),
            dir,
            Optional.empty(),
            Optional.empty(),
            Duration.ofMinutes(1),
            Optional.empty(),
            noTools),
        dir,
        env);
  }
}
