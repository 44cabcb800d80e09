package org.reposearcheval.cmd;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (or SIGTERM) into an interrupt of the working thread, then holds the JVM open until
 * that thread has killed its agents and written the partial report. The JVM then exits 130.
 */
final class CtrlC implements AutoCloseable {
  private static final long REPORT_GRACE_SECONDS = 20;
  private static volatile boolean signalled;

  private final Thread worker = Thread.currentThread();
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread hook = new Thread(this::onSignal, "ctrl-c");

  CtrlC() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  static boolean signalled() {
    return signalled;
  }

  private void onSignal() {
    signalled = true;
    worker.interrupt();
    try {
      done.await(REPORT_GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // SIGTERM would otherwise end the JVM with 143; both signals mean "interrupted" here.
    Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
  }

  @Override
  public void close() {
    done.countDown();
    if (!signalled) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The signal arrived just now; the hook will find the work done.
      }
    }
  }
}
