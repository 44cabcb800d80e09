package org.reposearcheval.evals.transcript;

import java.util.List;

/**
 * What a stream-json transcript says, as a page shows it: the init event, the turns in order, and
 * what fits no turn (API retries before the first, lines that were not JSON or too long to read).
 * Every text is {@link Shown}: cut to what a page shows, with its full size.
 *
 * @param found false when there was no transcript file to read
 */
record Transcript(
    boolean found,
    Init init,
    List<Turn> turns,
    List<String> notes,
    String resultSubtype,
    int unreadableLines) {

  static final Transcript NONE = new Transcript(false, null, List.of(), List.of(), null, 0);

  /**
   * What the run says of itself: Claude Code's {@code system/init} event, or the first line of the
   * turns an adapter kept ({@code Turns}).
   *
   * @param agent the agent's name ({@code claude}, {@code codex}, …)
   * @param mcpTools the MCP tools offered, as the CLI listed them; empty when it did not
   */
  record Init(
      String agent, String model, String version, List<Server> servers, List<String> mcpTools) {}

  /** An MCP server and its status at start: connected, failed, needs-auth or pending. */
  record Server(String name, String status) {
    boolean connected() {
      return "connected".equals(status);
    }
  }

  /**
   * One assistant message: the CLI prints each of its content blocks as an event of its own with
   * the message's id, and events sharing an id are one turn (as the agent counts them).
   */
  record Turn(int number, List<Step> steps) {
    long toolCalls() {
      return steps.stream().filter(ToolCall.class::isInstance).count();
    }
  }

  /** A part of a turn, in the order the transcript gives it. */
  sealed interface Step permits Text, ToolCall, Note {}

  /**
   * A text block; {@code thinking} for the model's thinking, shown folded.
   *
   * @param thinking true for a {@code thinking} block
   */
  record Text(boolean thinking, Shown text) implements Step {}

  /**
   * A tool call with its result, when one came.
   *
   * @param name the tool's name as the agent's transcript has it
   * @param server the MCP server, null for a built-in tool
   * @param tool the tool's own name: after the server for an MCP tool, else {@code name}
   * @param input the arguments as JSON
   * @param result null when no result came (the run ended first)
   */
  record ToolCall(
      String id, String name, String server, String tool, Shown input, Shown result, boolean error)
      implements Step {
    private static final String MCP = "mcp__";

    /** A call Claude Code named: {@code mcp__<server>__<tool>} for an MCP tool. */
    static ToolCall named(String id, String name, Shown input, Shown result, boolean error) {
      boolean mcp = name.startsWith(MCP) && name.indexOf("__", MCP.length()) > MCP.length();
      int split = mcp ? name.indexOf("__", MCP.length()) : -1;
      return new ToolCall(
          id,
          name,
          mcp ? name.substring(MCP.length(), split) : null,
          mcp ? name.substring(split + 2) : name,
          input,
          result,
          error);
    }

    /** True for an MCP tool. */
    boolean mcp() {
      return server != null;
    }
  }

  /** Something the transcript said outside the messages: an API retry, an unreadable line. */
  record Note(String text) implements Step {}

  /**
   * A text cut for the page.
   *
   * @param text what is shown: at most the limit it was cut to
   * @param chars how long the whole text was, in characters
   */
  record Shown(String text, long chars) {
    static final Shown EMPTY = new Shown("", 0);

    /** {@code whole}, cut to {@code limit} characters. */
    static Shown of(String whole, int limit) {
      return of(whole, whole.length(), limit);
    }

    /** {@code text} (already cut, maybe), of a whole {@code chars} long, cut to {@code limit}. */
    static Shown of(String text, long chars, int limit) {
      if (text.length() <= limit) {
        return new Shown(text, Math.max(chars, text.length()));
      }
      // Never split a surrogate pair: half a character is not text.
      int end = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
      return new Shown(text.substring(0, end), Math.max(chars, text.length()));
    }

    boolean cut() {
      return chars > text.length();
    }

    /** True when a page folds it: more than a few hundred characters or a dozen lines. */
    boolean folded() {
      return chars > 800 || text.lines().limit(13).count() > 12;
    }
  }
}
