package org.reposearcheval.cmd;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Map;

/**
 * One status line kept at the bottom of a terminal and redrawn in place, with ordinary lines
 * printed above it. Each write returns the cursor to the start of the line and erases it ({@code \r
 * ESC[K}) before printing, so the status never mixes with what scrolls past.
 */
final class LiveLine {
  /** Carriage return, then ANSI "erase to end of line". */
  static final String ERASE = "\r\033[K";

  private final PrintWriter out;
  private final int width;

  /** {@code width}: the terminal's columns; a longer status is cut so it never wraps. */
  LiveLine(PrintWriter out, int width) {
    this.out = out;
    this.width = Math.max(20, width);
  }

  /**
   * True when output goes to a terminal that understands escape sequences and this is not a CI job:
   * {@code terminal} (the console is one), {@code TERM} set and not {@code dumb}, {@code CI} unset
   * or false.
   */
  static boolean supported(boolean terminal, Map<String, String> environment) {
    String term = environment.getOrDefault("TERM", "");
    String ci = environment.getOrDefault("CI", "").strip();
    boolean inCi = !ci.isEmpty() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    return terminal && !term.isBlank() && !term.equals("dumb") && !inCi;
  }

  /** True when this process's console is a terminal (not piped, not redirected). */
  static boolean consoleIsTerminal() {
    Console console = System.console();
    return console != null && console.isTerminal();
  }

  /** The terminal's width from {@code COLUMNS}, or 80 when it is not exported. */
  static int width(Map<String, String> environment) {
    try {
      return Integer.parseInt(environment.getOrDefault("COLUMNS", "80").strip());
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** Prints {@code line} where the status line was, and {@code newStatus} below it. */
  synchronized void println(String line, String newStatus) {
    out.print(ERASE);
    out.print(line);
    out.print('\n');
    update(newStatus);
  }

  /** Replaces the status line. */
  synchronized void update(String newStatus) {
    out.print(ERASE);
    out.print(newStatus.length() < width ? newStatus : newStatus.substring(0, width - 2) + "…");
    out.flush();
  }

  /** Erases the status line, leaving the cursor at the start of an empty line. */
  synchronized void clear() {
    out.print(ERASE);
    out.flush();
  }
}
