package org.reposearcheval.evals.agent.opencode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reposearcheval.evals.run.RunResult;

class ToolNamesAndStatusTest {
  @Test
  void theArmsServersNameTheirToolsTheLongestServerFirst() {
    ToolNames names = new ToolNames(List.of("repo", "repo_index", "web.search"));
    assertEquals("mcp__repo__read_file", names.normalize("repo_read_file", false));
    assertEquals("mcp__repo_index__query", names.normalize("repo_index_query", false));
    assertEquals("mcp__web_search__find", names.normalize("web_search_find", false));
    assertEquals("mcp__repo__gone", names.normalize("repo_gone", true));
  }

  @Test
  void builtInsKeepTheirNamesAndOtherServersToolsAreMcpAllTheSame() {
    ToolNames names = new ToolNames(List.of());
    for (String builtIn : List.of("read", "apply_patch", "plan_exit", "todowrite", "bash")) {
      assertEquals(builtIn, names.normalize(builtIn, false));
    }
    assertEquals("mcp__userfs__read_text_file", names.normalize("userfs_read_text_file", false));
    assertEquals("userfs_read_text_file", names.normalize("userfs_read_text_file", true));
    assertEquals("lonely", names.normalize("lonely", false));
    assertEquals("_x", names.normalize("_x", false));
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
            new RunResult.McpServer("fs", "connected"),
            new RunResult.McpServer("broken", "failed"),
            new RunResult.McpServer("my \"odd\" server", "needs_auth")),
        OpenCodeMcpStatus.of(List.of("fs", "broken"), stderr, Set.of()));
  }

  @Test
  void aServerIsUnknownWhenStderrWasCutAndNoCallProvesIt() {
    String cut = "y".repeat(OpenCodeMcpStatus.WHOLE_BELOW_BYTES);
    assertEquals(
        List.of(new RunResult.McpServer("fs", "unknown")),
        OpenCodeMcpStatus.of(List.of("fs"), cut, Set.of()));
    assertEquals(
        List.of(new RunResult.McpServer("my.fs", "connected")),
        OpenCodeMcpStatus.of(List.of("my.fs"), cut, Set.of("my_fs")));
  }
}
