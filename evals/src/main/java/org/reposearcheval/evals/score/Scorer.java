package org.reposearcheval.evals.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.reposearcheval.evals.run.ToolCalls;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.ToolExpectations;
import org.reposearcheval.evals.suite.ToolName;

/** Checks a run against a case's expectations: its final answer and its tool calls. */
public final class Scorer {
  private Scorer() {}

  /**
   * The expectations the answer missed, each described for a person ({@code contains "RunAll"});
   * empty when the answer passes. Tool expectations are not checked.
   */
  public static List<String> missed(Expectations expect, String answer) {
    return missed(expect, answer, ToolCalls.NONE, false);
  }

  /**
   * The expectations the run missed: those on the answer, then those on the tool calls. An entry of
   * {@code tools.used} that names MCP tools ({@link ToolName#namesMcpTools}) is expected only of a
   * run whose arm was given MCP servers ({@code mcpOffered}).
   */
  public static List<String> missed(
      Expectations expect, String answer, ToolCalls calls, boolean mcpOffered) {
    String text = answer == null ? "" : answer;
    List<String> missed = new ArrayList<>();
    for (String needle : expect.contains()) {
      if (!text.contains(needle)) {
        missed.add("contains \"" + needle + "\"");
      }
    }
    for (Pattern pattern : expect.regex()) {
      if (!pattern.matcher(text).find()) {
        missed.add("regex /" + pattern.pattern() + "/");
      }
    }
    for (String needle : expect.notContains()) {
      if (text.contains(needle)) {
        missed.add("notContains \"" + needle + "\"");
      }
    }
    for (String file : expect.files()) {
      if (!names(text, file)) {
        missed.add("files \"" + file + "\"");
      }
    }
    tools(expect.tools(), calls, mcpOffered, missed);
    return missed;
  }

  /**
   * An answer names a file when it holds the path as written or, for a path with folders, its file
   * name: {@code src/main/RunAll.java} is named by "see RunAll.java".
   */
  static boolean names(String answer, String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    return answer.contains(file) || (!name.isEmpty() && answer.contains(name));
  }

  private static void tools(
      ToolExpectations tools, ToolCalls calls, boolean offeredMcp, List<String> missed) {
    Map<String, Integer> byName = calls.byName();
    for (ToolName tool : tools.used()) {
      if ((offeredMcp || !tool.namesMcpTools()) && count(byName, tool) == 0) {
        missed.add("tools.used " + tool);
      }
    }
    for (ToolName tool : tools.notUsed()) {
      int count = count(byName, tool);
      if (count > 0) {
        missed.add("tools.notUsed " + tool + " (called " + times(count) + ")");
      }
    }
    if (tools.maxCalls() != null && calls.total() > tools.maxCalls()) {
      missed.add("tools.maxCalls " + tools.maxCalls() + " (made " + calls.total() + ")");
    }
  }

  private static int count(Map<String, Integer> byName, ToolName tool) {
    return byName.entrySet().stream()
        .filter(e -> tool.matches(e.getKey()))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  private static String times(int count) {
    return count == 1 ? "once" : count + " times";
  }
}
