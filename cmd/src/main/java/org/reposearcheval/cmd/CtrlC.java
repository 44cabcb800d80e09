package org.reposearcheval.cmd;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.reposearcheval.evals.process.AgentProcess;
import org.reposearcheval.evals.run.RunControl;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C and SIGTERM during a run. The first stops the evaluation: nothing new starts, running
 * agents are killed and marked cancelled, the partial report is written and the command exits 130.
 * The second skips the report: it kills every agent's process tree at once and exits 130.
 */
final class CtrlC implements AutoCloseable {
  private static final String[] SIGNALS = {"INT", "TERM"};

  private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];
  private final AtomicInteger count = new AtomicInteger();

  CtrlC(RunControl control, PrintWriter err) {
    SignalHandler handler =
        signal -> {
          if (count.incrementAndGet() == 1) {
            err.println(
                "\nstopping: killing the running agents and writing the partial report"
                    + " (press Ctrl-C again to skip the report)");
            control.stop(RunControl.INTERRUPTED);
          } else {
            AgentProcess.killAll();
            org.reposearcheval.evals.checkout.RepoCache.killRunningGit();
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
          }
        };
    for (int i = 0; i < SIGNALS.length; i++) {
      previous[i] = Signal.handle(new Signal(SIGNALS[i]), handler);
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < SIGNALS.length; i++) {
      Signal.handle(new Signal(SIGNALS[i]), previous[i]);
    }
  }
}
