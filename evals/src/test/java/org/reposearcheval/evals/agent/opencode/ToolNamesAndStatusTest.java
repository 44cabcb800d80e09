package org.reposearcheval.evals.agent.opencode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reposearcheval.evals.run.McpServer;

class ToolNamesAndStatusTest {
  @ParameterizedTest(name = "{0} (unavailable: {1}) is {2}")
  @CsvSource({
    "repo_read_file, false, mcp__repo__read_file",
    "repo_index_query, false, mcp__repo_index__query",
    "web_search_find, false, mcp__web_search__find",
    "repo_gone, true, mcp__repo__gone"
  })
  void theArmsServersNameTheirToolsTheLongestServerFirst(
      String tool, boolean unavailable, String expected) {
    ToolNames names = new ToolNames(List.of("repo", "repo_index", "web.search"));
    assertEquals(expected, names.normalize(tool, unavailable));
  }

  @ParameterizedTest(name = "{0} (unavailable: {1}) is {2}")
  @CsvSource({
    "read, false, read",
    "apply_patch, false, apply_patch",
    "plan_exit, false, plan_exit",
    "todowrite, false, todowrite",
    "bash, false, bash",
    "userfs_read_text_file, false, mcp__userfs__read_text_file",
    "userfs_read_text_file, true, userfs_read_text_file",
    "lonely, false, lonely",
    "_x, false, _x"
  })
  void builtInsKeepTheirNamesAndOtherServersToolsAreMcpAllTheSame(
      String tool, boolean unavailable, String expected) {
    assertEquals(expected, new ToolNames(List.of()).normalize(tool, unavailable));
  }

  @Test
  void stderrNamesTheServersThatDidNotConnect() {
    String stderr =
        """
        timestamp=2026-12-01T00:12:17.357Z level=WARN run=54d6158e message="server unavailable" \
        key=broken type=local status=failed
        timestamp=2026-12-01T00:12:17.358Z level=WARN run=54d6158e message="server unavailable" \
        key="my \\"odd\\" server" type=remote status=needs_auth
        timestamp=2026-12-01T00:12:18.000Z level=ERROR run=54d6158e message="stream error" key=x
        """;
    assertEquals(
        Map.of("broken", "failed", "my \"odd\" server", "needs_auth"),
        OpenCodeMcpStatus.unavailable(stderr));
    assertEquals(
        List.of(
            new McpServer("fs", "connected"),
            new McpServer("broken", "failed"),
            new McpServer("my \"odd\" server", "needs_auth")),
        OpenCodeMcpStatus.of(List.of("fs", "broken"), stderr, Set.of()));
  }

  @Test
  void aServerIsUnknownWhenStderrWasCutAndNoCallProvesIt() {
    String cut = "y".repeat(OpenCodeMcpStatus.WHOLE_BELOW_BYTES);
    assertEquals(
        List.of(new McpServer("fs", "unknown")),
        OpenCodeMcpStatus.of(List.of("fs"), cut, Set.of()));
    assertEquals(
        List.of(new McpServer("my.fs", "connected")),
        OpenCodeMcpStatus.of(List.of("my.fs"), cut, Set.of("my_fs")));
  }
}
