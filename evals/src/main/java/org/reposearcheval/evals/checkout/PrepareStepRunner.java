package org.reposearcheval.evals.checkout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.process.AgentProcess;
import org.reposearcheval.evals.process.Ending;
import org.reposearcheval.evals.process.Limits;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.Secrets;

/**
 * Runs one MCP server's prepare step in a checkout, bounded in time and output and killed with its
 * process tree, its output kept in the log directory and the tail of it, masked, in its record.
 */
final class PrepareStepRunner {
  /** What a prepare step may print before it is stopped. */
  private static final long MAX_OUTPUT_BYTES = 64L << 20;

  /** How much of a step's output its record keeps. */
  private static final int TAIL_CHARS = 2000;

  private final Duration timeout;
  private final Path logDir;
  private final Map<String, String> environment;
  private final Secrets secrets;
  private int logs;

  /** Steps run at most {@code timeout} each, their output kept in {@code logDir}. */
  PrepareStepRunner(
      Duration timeout, Path logDir, Map<String, String> environment, Secrets secrets) {
    this.timeout = timeout;
    this.logDir = logDir;
    this.environment = Map.copyOf(environment);
    this.secrets = secrets;
  }

  /** Runs one step in {@code dir}, its output kept in the log directory. */
  StepRecord run(McpConfig.PrepareStep step, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(logDir);
    int n;
    synchronized (this) {
      n = ++logs;
    }
    String name = n + "-" + step.server().replaceAll("[^A-Za-z0-9._-]", "_");
    Path out = logDir.resolve(name + ".log");
    Path err = logDir.resolve(name + ".stderr.log");
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(step.env());
    long start = System.nanoTime();
    Ending ending =
        AgentProcess.run(
            new AgentProcess.Launch(step.command(), new byte[0], env, dir, true),
            out,
            err,
            new Limits(timeout, MAX_OUTPUT_BYTES),
            secrets);
    long took = (System.nanoTime() - start) / 1_000_000;
    try {
      secrets.maskFile(err);
    } catch (IOException e) {
      Files.deleteIfExists(err);
    }
    String output = tail(out, err);
    return switch (ending) {
      case Ending.Exited(Integer code, String tail) ->
          new StepRecord(
              step.server(),
              code == 0 ? Preparation.PREPARED : Preparation.FAILED,
              took,
              code,
              output);
      case Ending.TimedOut t ->
          new StepRecord(
              step.server(),
              Preparation.TIMEOUT,
              took,
              null,
              "no end within the "
                  + Durations.canonical(t.limit())
                  + " --prepare-timeout; process tree killed"
                  + (output.isBlank() ? "" : "\n" + output));
      // A cancelled step leaves no record: the runs it served are cancelled.
      case Ending.Cancelled c -> throw new InterruptedException("cancelled while preparing " + dir);
      case Ending.OutputLost l ->
          new StepRecord(step.server(), Preparation.FAILED, took, l.exitCode(), l.reason());
      case Ending.OutputOverflow o ->
          new StepRecord(
              step.server(),
              Preparation.FAILED,
              took,
              null,
              "printed more than " + (MAX_OUTPUT_BYTES >> 20) + " MB; process tree killed");
      case Ending.FailedToStart f ->
          new StepRecord(
              step.server(), Preparation.FAILED, took, null, "cannot start: " + f.reason());
    };
  }

  /** The last {@link #TAIL_CHARS} of what the step printed, stdout then stderr, masked. */
  private String tail(Path out, Path err) {
    StringBuilder text = new StringBuilder();
    for (Path file : List.of(out, err)) {
      String part = tailOf(file);
      if (!part.isBlank()) {
        text.append(text.isEmpty() ? "" : "\n").append(part.strip());
      }
    }
    String all = text.toString();
    return secrets.mask(
        all.length() > TAIL_CHARS ? "…" + all.substring(all.length() - TAIL_CHARS) : all);
  }

  private static String tailOf(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      long from = Math.max(0, size - TAIL_CHARS * 4L);
      ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
      channel.read(buffer, from);
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
