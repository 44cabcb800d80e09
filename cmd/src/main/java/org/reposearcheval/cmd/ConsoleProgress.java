package org.reposearcheval.cmd;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.reposearcheval.evals.process.Spawn;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.Secrets;

/**
 * A line per finished run, {@code [12/40] find-main with-mcp passed 41.2s $0.03}, then a summary.
 * On a terminal a live status line below them shows what is going on ({@link LiveLine}); in CI or
 * when piped the lines are plain. With {@code verbose}, a line also says when each run starts.
 */
final class ConsoleProgress implements RunListener, AutoCloseable {
  private static final Duration TICK = Duration.ofSeconds(1);

  private final PrintWriter out;
  private final Secrets secrets;
  private final boolean verbose;
  private final LiveLine live;
  private final Duration tick;
  private final LongSupplier nanoTime;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private volatile int total;
  private volatile long startNanos;
  private volatile boolean closed;
  private Thread ticker;

  /** Plain lines, as in CI or when piped. */
  ConsoleProgress(PrintWriter out, Secrets secrets) {
    this(out, secrets, false, null, TICK, System::nanoTime);
  }

  /**
   * {@code live}: the status line to keep redrawn, or null for plain lines; it is also redrawn
   * every {@code tick} so elapsed time and ETA move between runs.
   */
  ConsoleProgress(
      PrintWriter out,
      Secrets secrets,
      boolean verbose,
      LiveLine live,
      Duration tick,
      LongSupplier nanoTime) {
    this.out = out;
    this.secrets = secrets;
    this.verbose = verbose;
    this.live = live;
    this.tick = tick;
    this.nanoTime = nanoTime;
  }

  /** For the console: a live line on a terminal, plain lines in CI or when piped. */
  static ConsoleProgress forConsole(PrintWriter out, Secrets secrets, boolean verbose) {
    Map<String, String> environment = System.getenv();
    LiveLine live =
        LiveLine.supported(LiveLine.consoleIsTerminal(), environment)
            ? new LiveLine(out, LiveLine.width(environment))
            : null;
    return new ConsoleProgress(out, secrets, verbose, live, TICK, System::nanoTime);
  }

  @Override
  public void checkedOut(String what, int done, int total, long millis) {
    synchronized (out) {
      out.printf("checkout %d/%d %s (%.1fs)%n", done, total, what, millis / 1000.0);
      out.flush();
    }
  }

  /** {@code prepared index in repo@commit (21.3s)}, or why it failed, with its first line. */
  @Override
  public void prepared(Preparation p) {
    String where = " in " + p.checkout() + " (" + Durations.format(p.durationMs()) + ")";
    String firstLine = p.output().strip().lines().findFirst().orElse("");
    print(
        switch (p.status()) {
          case Preparation.PREPARED -> "prepared " + p.server() + where;
          case Preparation.CACHED -> "reused " + p.server() + "'s prepared checkout" + where;
          default ->
              "prepare step of "
                  + p.server()
                  + " "
                  + p.status()
                  + (p.exitCode() == null ? "" : " (exit code " + p.exitCode() + ")")
                  + where
                  + (firstLine.isEmpty() ? "" : ": " + firstLine);
        });
  }

  @Override
  public void moreRuns(int jobs, int round) {
    total += jobs;
    print(
        String.format(
            "round %d: %d more %s, of the cases whose results differed",
            round, jobs, jobs == 1 ? "run" : "runs"));
  }

  @Override
  public void planned(int jobs, int parallel) {
    total = jobs;
    startNanos = nanoTime.getAsLong();
    print(String.format("%d runs, %d at a time", jobs, parallel));
    if (verbose) {
      print("agents start through " + Spawn.description());
    }
    if (live != null) {
      live.update(status());
      ticker = Thread.ofVirtual().name("live-line").start(this::tickUntilClosed);
    }
  }

  @Override
  public void started(Job job) {
    running.incrementAndGet();
    if (verbose) {
      print("started " + name(job));
    } else if (live != null) {
      live.update(status());
    }
  }

  @Override
  public void finished(Job job, RunResult result) {
    running.decrementAndGet();
    switch (result.status()) {
      case PASSED -> {}
      case FAILED -> failed.incrementAndGet();
      default -> errors.incrementAndGet();
    }
    print(line(done.incrementAndGet(), job, result));
  }

  /** Stops redrawing and erases the status line, so what follows starts on a clean line. */
  @Override
  public void close() {
    closed = true;
    if (ticker != null) {
      ticker.interrupt();
      boolean interrupted = false;
      while (ticker.isAlive()) {
        try {
          ticker.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (live != null) {
      live.clear();
    }
  }

  private void print(String line) {
    String masked = secrets.mask(line);
    if (live != null) {
      live.println(masked, status());
    } else {
      synchronized (out) {
        out.println(masked);
      }
    }
  }

  private void tickUntilClosed() {
    try {
      while (!closed) {
        Thread.sleep(tick);
        if (!closed) {
          live.update(status());
        }
      }
    } catch (InterruptedException e) {
      // Closed: the last status stays erased.
    }
  }

  /** {@code [12/40] 4 running, 2 failed, 1 error, 1m12s, ETA 3m10s}. */
  String status() {
    int finished = done.get();
    long elapsedMs = (nanoTime.getAsLong() - startNanos) / 1_000_000;
    String eta =
        finished == 0
            ? "–"
            : finished >= total
                ? "0s"
                : Durations.format(elapsedMs * (total - finished) / finished);
    return String.format(
        Locale.ROOT,
        "[%d/%d] %d running, %d failed, %d error, %s, ETA %s",
        finished,
        total,
        running.get(),
        failed.get(),
        errors.get(),
        Durations.format(elapsedMs),
        eta);
  }

  private static String name(Job job) {
    String name = job.testCase().id() + " " + job.arm().name();
    return job.run() > 1 ? name + " #" + job.run() : name;
  }

  /** {@code $1.05}: to the cent, without a formatter (a line is printed per run). */
  static String dollars(double usd) {
    long cents = Math.round(usd * 100);
    return "$" + cents / 100 + (cents % 100 < 10 ? ".0" : ".") + cents % 100;
  }

  private String line(int finished, Job job, RunResult result) {
    StringBuilder line =
        new StringBuilder("[")
            .append(finished)
            .append('/')
            .append(total)
            .append("] ")
            .append(name(job));
    line.append(' ')
        .append(result.status().label())
        .append(' ')
        .append(Durations.format(result.durationMs()));
    if (result.costUsd() != null) {
      line.append(' ').append(dollars(result.costUsd()));
    }
    if (result.status() == RunStatus.FAILED) {
      line.append(" (missed: ").append(String.join("; ", result.failedExpectations())).append(')');
    } else if (!result.status().isVerdict() && result.error() != null) {
      String error = result.error();
      line.append(" (")
          .append(error.length() > 160 ? error.substring(0, 160) + "…" : error)
          .append(')');
    }
    return line.toString();
  }
}
