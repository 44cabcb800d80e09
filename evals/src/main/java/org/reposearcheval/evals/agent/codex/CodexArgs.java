package org.reposearcheval.evals.agent.codex;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An arm's own arguments to {@code codex exec}: what they configure ({@code -c key=value}), and the
 * arguments left once those the harness sets itself are taken out. codex refuses a flag given
 * twice, and some would undo the harness's isolation or read-only sandbox, so the harness's win by
 * removing the arm's: the output format, the ephemeral session, the sandbox, the user config, the
 * MCP servers, the approval policy, extra writable or working directories, and the model when the
 * harness names one.
 */
final class CodexArgs {
  /** Flags the harness sets or forbids, with no value. */
  private static final Set<String> OWN_SWITCHES =
      Set.of(
          "--json",
          "--ephemeral",
          "--skip-git-repo-check",
          "--ignore-user-config",
          "--dangerously-bypass-approvals-and-sandbox",
          "--yolo",
          "--approve-for-me",
          "--full-auto",
          "--worktree");

  /** Flags the harness sets or forbids, each followed by a value. */
  private static final Set<String> OWN_OPTIONS =
      Set.of("-s", "--sandbox", "--add-dir", "-C", "--cd");

  private static final Set<String> MODEL_OPTIONS = Set.of("-m", "--model");

  /** {@code -c} keys the harness decides, with everything below them. */
  private static final List<String> OWN_KEYS =
      List.of("mcp_servers", "sandbox_mode", "sandbox_workspace_write", "approval_policy");

  private CodexArgs() {}

  /** {@code args} without the flags the harness owns; the model's too when {@code ownModel}. */
  static List<String> withoutHarnessFlags(List<String> args, boolean ownModel) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg.contains("=") && arg.startsWith("--") ? arg.split("=", 2)[0] : arg;
      boolean attached = !flag.equals(arg);
      if (OWN_SWITCHES.contains(flag)) {
        continue;
      }
      if (OWN_OPTIONS.contains(flag) || (ownModel && MODEL_OPTIONS.contains(flag))) {
        i += attached ? 0 : 1;
        continue;
      }
      if ((flag.equals("-c") || flag.equals("--config"))) {
        String setting =
            attached ? arg.split("=", 2)[1] : i + 1 < args.size() ? args.get(i + 1) : "";
        if (ownsKey(setting)) {
          i += attached ? 0 : 1;
          continue;
        }
      }
      kept.add(arg);
    }
    return kept;
  }

  private static boolean ownsKey(String setting) {
    String key = setting.split("=", 2)[0].strip();
    return OWN_KEYS.stream().anyMatch(own -> key.equals(own) || key.startsWith(own + "."));
  }

  /**
   * The value the last {@code -c key=value} (or {@code --config}) of {@code args} gives {@code
   * key}, its TOML string quotes removed.
   */
  static Optional<String> config(List<String> args, String key) {
    String value = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String setting = null;
      if ((arg.equals("-c") || arg.equals("--config")) && i + 1 < args.size()) {
        setting = args.get(++i);
      } else if (arg.startsWith("--config=")) {
        setting = arg.substring("--config=".length());
      }
      if (setting != null && setting.contains("=")) {
        String[] parts = setting.split("=", 2);
        if (parts[0].strip().equals(key)) {
          value = unquoted(parts[1].strip());
        }
      }
    }
    return Optional.ofNullable(value);
  }

  private static String unquoted(String value) {
    boolean quoted =
        value.length() >= 2
            && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"));
    return quoted ? value.substring(1, value.length() - 1) : value;
  }
}
