package org.reposearcheval.evals.agent.gemini;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.agent.AgentCli;

/**
 * The command line of a run: {@code gemini [arm's args] --output-format stream-json --skip-trust
 * --approval-mode default -e none [-m MODEL] --allowed-mcp-server-names NAME…}, the prompt on
 * stdin.
 *
 * <p>The CLI's parser makes a flag given twice a list, which its scalar flags reject ({@code
 * --approval-mode yolo --approval-mode default} exits 1) and its list flags merge (a second {@code
 * --allowed-mcp-server-names} would add servers). So the harness's flags cannot simply come last:
 * an arm's arguments that set what the harness decides are dropped instead, with their values,
 * along with those that would let the agent write (yolo, policies, allowed tools, a worktree) or
 * change where the prompt comes from.
 */
final class GeminiArgs {
  /** Flags the harness owns, by every spelling, and whether each takes a value. */
  private static final Map<String, Boolean> OWNED =
      Map.ofEntries(
          Map.entry("--output-format", true),
          Map.entry("-o", true),
          Map.entry("--skip-trust", false),
          Map.entry("--approval-mode", true),
          Map.entry("--yolo", false),
          Map.entry("-y", false),
          Map.entry("--allowed-mcp-server-names", true),
          Map.entry("--allowed-tools", true),
          Map.entry("--policy", true),
          Map.entry("--admin-policy", true),
          Map.entry("--extensions", true),
          Map.entry("-e", true),
          Map.entry("--prompt", true),
          Map.entry("-p", true),
          Map.entry("--prompt-interactive", true),
          Map.entry("-i", true),
          Map.entry("--worktree", true),
          Map.entry("-w", true),
          Map.entry("--resume", true),
          Map.entry("-r", true),
          Map.entry("--acp", false),
          Map.entry("--experimental-acp", false));

  private static final List<String> MODEL = List.of("--model", "-m");

  private GeminiArgs() {}

  /** The command line of {@code run}, allowing the MCP servers {@code servers} only. */
  static List<String> command(AgentCli.RunSetup run, List<String> servers) {
    List<String> command = new ArrayList<>();
    command.add(run.command());
    command.addAll(armArgs(run.extraArgs(), run.model().isPresent()));
    command.addAll(List.of("--output-format", "stream-json", "--skip-trust"));
    command.addAll(List.of("--approval-mode", "default", "-e", "none"));
    run.model().ifPresent(model -> command.addAll(List.of("-m", model)));
    // One flag per name: the CLI splits each value at commas and takes one value a flag.
    for (String server : servers) {
      command.addAll(List.of("--allowed-mcp-server-names", server));
    }
    return command;
  }

  /** {@code args} without the flags the harness owns ({@code -m} too when it sets a model). */
  static List<String> armArgs(List<String> args, boolean harnessSetsModel) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      int equals = arg.indexOf('=');
      String flag = arg.startsWith("-") && equals > 0 ? arg.substring(0, equals) : arg;
      boolean model = MODEL.contains(flag);
      Boolean takesValue = model ? Boolean.TRUE : OWNED.get(flag);
      if (takesValue == null || (model && !harnessSetsModel)) {
        kept.add(arg);
        continue;
      }
      boolean valueFollows = takesValue && equals < 0 && i + 1 < args.size();
      if (valueFollows && !(optionalValue(flag) && args.get(i + 1).startsWith("-"))) {
        i++;
      }
    }
    return kept;
  }

  /** Flags whose value may be left out: the next argument is then a flag of its own. */
  private static boolean optionalValue(String flag) {
    return List.of("--worktree", "-w", "--resume", "-r").contains(flag);
  }
}
