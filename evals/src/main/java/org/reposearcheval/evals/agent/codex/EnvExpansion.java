package org.reposearcheval.evals.agent.codex;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${VAR}} and {@code ${VAR:-default}} references of an MCP config, expanded as Claude
 * Code expands them when it reads the file itself: codex takes its {@code -c} values literally, so
 * the harness expands them from the run's environment first. A reference to a variable that is not
 * set and has no default is an error, as it is for Claude Code.
 */
final class EnvExpansion {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final java.util.Map<String, String> environment;

  EnvExpansion(java.util.Map<String, String> environment) {
    this.environment = environment;
  }

  /** A variable a value refers to, not set and without a default. */
  static final class Unset extends IOException {
    Unset(String message) {
      super(message);
    }
  }

  /** {@code value} with its references replaced. */
  String expand(String value) throws Unset {
    Matcher matcher = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String set = environment.get(matcher.group(1));
      String replacement = set != null ? set : matcher.group(2);
      if (replacement == null) {
        throw new Unset(
            "${" + matcher.group(1) + "} is not set in the environment and has no default");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return matcher.appendTail(out).toString();
  }
}
