package org.reposearcheval.evals.process;

import java.time.Duration;
import java.util.Objects;

/**
 * How an agent process ended: each way is its own record carrying what that way has, so a {@code
 * switch} over an ending is checked by the compiler.
 */
public sealed interface Ending {
  /**
   * A process that started, whichever way it ended: its exit code (null where it was killed and its
   * exit could not be awaited) and the last of what it printed to stderr (empty when nothing).
   */
  sealed interface Started extends Ending
      permits Exited, OutputLost, OutputOverflow, TimedOut, Cancelled {
    Integer exitCode();

    String stderrTail();
  }

  /** It exited by itself and its output was kept whole. */
  record Exited(Integer exitCode, String stderrTail) implements Started {
    public Exited {
      Objects.requireNonNull(exitCode, "an agent that exited by itself has an exit code");
    }
  }

  /**
   * It exited by itself, but its output was not kept whole (a full disk, a pipe held open past the
   * pumps' timeout, a transcript that cannot be read back): no verdict may be drawn from it.
   */
  record OutputLost(Integer exitCode, String stderrTail, String reason) implements Started {
    public OutputLost {
      Objects.requireNonNull(exitCode, "an agent that exited by itself has an exit code");
    }
  }

  /** It printed more than {@code limitBytes} and was killed with everything it started. */
  record OutputOverflow(long limitBytes, Integer exitCode, String stderrTail) implements Started {}

  /** It gave no answer within {@code limit} and was killed with everything it started. */
  record TimedOut(Duration limit, Integer exitCode, String stderrTail) implements Started {}

  /** The run was cancelled (its thread interrupted) and the agent killed with its tree. */
  record Cancelled(Integer exitCode, String stderrTail) implements Started {}

  /** The process could not be started at all: {@code reason} says why. */
  record FailedToStart(String reason) implements Ending {}

  /** The same exit, its output found lost after all; any other ending stays as it is. */
  public static Ending outputLost(Ending ending, String reason) {
    return ending instanceof Exited(Integer exitCode, String stderrTail)
        ? new OutputLost(exitCode, stderrTail, reason)
        : ending;
  }
}
