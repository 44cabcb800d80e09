package org.reposearcheval.evals.suite;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A tool as a case names it: an exact name ({@code Grep}, {@code mcp__repo__search_files}) or, in
 * slashes, a regular expression any part of the name may match ({@code /^mcp__repo__/}).
 */
public record ToolName(String spelled, Pattern regex) {
  private static final String MCP_PREFIX = "mcp__";

  /**
   * {@code spelled} as written in the case file.
   *
   * @throws PatternSyntaxException when it is a {@code /regex/} that does not compile
   */
  public static ToolName parse(String spelled) {
    boolean slashed = spelled.length() > 2 && spelled.startsWith("/") && spelled.endsWith("/");
    return new ToolName(
        spelled, slashed ? Pattern.compile(spelled.substring(1, spelled.length() - 1)) : null);
  }

  public boolean matches(String tool) {
    return regex == null ? spelled.equals(tool) : regex.matcher(tool).find();
  }

  /**
   * True when it names MCP tools only ({@code mcp__…}, or a regex anchored there): those can be
   * expected only of a run that was offered MCP tools.
   */
  public boolean namesMcpTools() {
    String text = regex == null ? spelled : regex.pattern().replaceFirst("^\\^", "");
    return text.startsWith(MCP_PREFIX);
  }

  @Override
  public String toString() {
    return spelled;
  }
}
