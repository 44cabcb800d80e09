package org.reposearcheval.evals.checkout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.reposearcheval.evals.process.AgentProcess;
import org.reposearcheval.evals.process.Ending;
import org.reposearcheval.evals.process.Limits;
import org.reposearcheval.evals.run.Preparation;
import org.reposearcheval.evals.suite.Fingerprint;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.util.Durations;
import org.reposearcheval.evals.util.FileTrees;
import org.reposearcheval.evals.util.Json;
import org.reposearcheval.evals.util.Secrets;
import tools.jackson.databind.JsonNode;

/**
 * Checkouts prepared for the MCP servers that answer from an index: the tree checked out again, in
 * a directory of its own, and each server's {@code prepare} step run in it, once per tree and set
 * of prepare steps, before the first run that needs it. Runs of that tree wait for it; runs of
 * other trees do not, and arms without those servers never see the directory. A step that fails or
 * times out fails the runs of that tree in those arms, with its output as the reason; a cancelled
 * one (Ctrl-C) is killed with its process tree.
 *
 * <p>A prepared checkout is kept in the clone cache, {@code <cache>/prepared/<key>/tree}, with a
 * record of how it was made, and used in place by the next harness that needs the same tree
 * prepared the same way (a resumed run, say), while no other harness uses it: the index a server
 * built may name the absolute path of the tree it indexed. One that an agent changed, or that was
 * never finished, is prepared again. Without the cache, or while another harness uses it, the
 * checkout is made among the evaluation's checkouts and removed with them.
 */
public final class PreparedCheckouts implements AutoCloseable {
  /** What a prepare step may print before it is stopped. */
  private static final long MAX_OUTPUT_BYTES = 64L << 20;

  /** How much of a step's output its record keeps. */
  private static final int TAIL_CHARS = 2000;

  private static final String RECORD = "prepared.json";

  /**
   * How the prepare steps run: at most {@code timeout} each, from scratch when {@code rebuild},
   * their output kept in {@code logDir}; prepared checkouts kept in {@code cacheDir} (none: not
   * kept).
   */
  public record Settings(
      Duration timeout, boolean rebuild, java.util.Optional<Path> cacheDir, Path logDir) {}

  private final Checkouts checkouts;
  private final RepoCache repos;
  private final Settings settings;
  private final Map<String, String> environment;
  private final Secrets secrets;
  private final java.util.function.Consumer<Preparation> progress;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private int logs;

  public PreparedCheckouts(
      Checkouts checkouts,
      RepoCache repos,
      Settings settings,
      Map<String, String> environment,
      Secrets secrets,
      java.util.function.Consumer<Preparation> progress) {
    this.progress = progress;
    this.checkouts = checkouts;
    this.repos = repos;
    this.settings = settings;
    this.environment = Map.copyOf(environment);
    this.secrets = secrets;
  }

  /** A prepare step that failed, timed out or could not start; its runs are void. */
  public static final class Failed extends IOException {
    Failed(String message) {
      super(message);
    }
  }

  /**
   * The checkout of {@code tree} prepared for the servers of {@code config}, for a run of {@code
   * arm}: made and prepared by the first caller, waited for by the others.
   *
   * @throws Failed when a prepare step failed, now or for an earlier run
   * @throws InterruptedException when the caller was interrupted (the step is then killed)
   */
  public Checkout checkout(Checkouts.Tree tree, McpConfig config, String arm)
      throws IOException, InterruptedException {
    Entry entry;
    synchronized (entries) {
      entry =
          entries.computeIfAbsent(
              key(tree, config), k -> new Entry(tree, config, entries.size() + 1, k));
    }
    entry.arms.add(arm);
    entry.lock.lockInterruptibly();
    try {
      if (entry.failure != null) {
        throw new Failed(entry.failure);
      }
      if (entry.checkout == null) {
        entry.checkout = prepare(entry);
      }
      return entry.checkout;
    } finally {
      entry.lock.unlock();
    }
  }

  /** Every prepare step so far, in the order the checkouts were first asked for. */
  public List<Preparation> preparations() {
    List<Preparation> all = new ArrayList<>();
    synchronized (entries) {
      for (Entry entry : entries.values()) {
        synchronized (entry.steps) {
          for (Step step : entry.steps) {
            all.add(entry.preparation(step));
          }
        }
      }
    }
    return all;
  }

  private void record(Entry entry, Step step) {
    entry.record(step);
    progress.accept(entry.preparation(step));
  }

  /** Lets other harnesses use the cached checkouts this one used. */
  @Override
  public void close() {
    synchronized (entries) {
      for (Entry entry : entries.values()) {
        entry.release();
      }
    }
  }

  /** The cache key: the tree and how it is prepared. */
  private static String key(Checkouts.Tree tree, McpConfig config) {
    String text =
        String.join(
            "\n",
            tree.repo(),
            tree.commit(),
            Boolean.toString(tree.git()),
            String.join("\0", tree.hidden()),
            config.prepareFingerprint());
    return Fingerprint.of(text.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 24);
  }

  /**
   * Makes {@code entry}'s checkout: reused from the cache when it holds it whole, else prepared.
   */
  private Checkout prepare(Entry entry) throws IOException, InterruptedException {
    Path dir = cachedDir(entry);
    if (dir == null) {
      Path root = checkouts.root();
      dir = root.resolve("prepared-" + entry.number);
      FileTrees.delete(dir); // what a cancelled attempt left
      return Checkout.make(dir, new Maker(entry, null));
    }
    Maker maker = new Maker(entry, dir.resolveSibling(RECORD));
    if (!settings.rebuild()) {
      long start = System.nanoTime();
      Checkout reused = maker.reuse(dir);
      if (reused != null) {
        long took = (System.nanoTime() - start) / 1_000_000;
        JsonNode record = Json.MAPPER.readTree(Files.readString(maker.record));
        for (JsonNode step : record.get("steps")) {
          record(
              entry,
              new Step(
                  step.get("server").asString(),
                  Preparation.CACHED,
                  took,
                  null,
                  "reused the checkout prepared at "
                      + record.get("preparedAt").asString()
                      + " in "
                      + Durations.format(step.get("durationMs").asLong())));
        }
        return reused;
      }
    }
    FileTrees.delete(dir);
    return Checkout.make(dir, maker);
  }

  /**
   * Where {@code entry}'s checkout lives in the cache, locked for this harness; null without a
   * cache, or while another harness holds it (this one then prepares a checkout of its own).
   */
  private Path cachedDir(Entry entry) throws IOException {
    if (settings.cacheDir().isEmpty()) {
      return null;
    }
    Path base = Files.createDirectories(settings.cacheDir().get().resolve("prepared"));
    FileChannel channel =
        FileChannel.open(
            base.resolve(entry.key + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      return null;
    }
    entry.channel = channel;
    entry.fileLock = lock;
    return Files.createDirectories(base.resolve(entry.key)).resolve("tree");
  }

  /** One step as its record has it. */
  private record Step(
      String server, String status, long durationMs, Integer exitCode, String output) {}

  /** One tree prepared one way, and its steps so far. */
  private static final class Entry {
    final Checkouts.Tree tree;
    final McpConfig config;
    final int number;
    final String key;
    final ReentrantLock lock = new ReentrantLock();
    final Set<String> arms = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    final List<Step> steps = new ArrayList<>();
    Checkout checkout;
    volatile String failure;
    FileChannel channel;
    FileLock fileLock;

    Entry(Checkouts.Tree tree, McpConfig config, int number, String key) {
      this.tree = tree;
      this.config = config;
      this.number = number;
      this.key = key;
    }

    void record(Step step) {
      synchronized (steps) {
        steps.add(step);
      }
    }

    Preparation preparation(Step step) {
      return new Preparation(
          step.server,
          tree.toString(),
          List.copyOf(arms),
          step.status,
          step.durationMs,
          step.exitCode,
          step.output);
    }

    void release() {
      try {
        if (fileLock != null) {
          fileLock.release();
        }
        if (channel != null) {
          channel.close();
        }
      } catch (IOException e) {
        // Closing the channel releases the lock; the process ending does too.
      }
    }
  }

  /** Checks the tree out, then runs every prepare step in it; records it in the cache, if any. */
  private final class Maker implements Checkout.Maker {
    private final Entry entry;
    private final Path record;
    private volatile Set<String> written = Set.of();

    Maker(Entry entry, Path record) {
      this.entry = entry;
      this.record = record;
    }

    @Override
    public Set<String> written() {
      return written;
    }

    @Override
    public void make(Path dir) throws IOException, InterruptedException {
      if (record != null) {
        Files.deleteIfExists(record);
      }
      Checkouts.checkOut(repos, entry.tree, dir, checkouts.root());
      Map<String, String> before = Checkout.snapshot(dir);
      List<Map<String, Object>> done = new ArrayList<>();
      for (McpConfig.PrepareStep step : entry.config.prepareSteps(dir)) {
        Step ran = run(step, dir);
        entry.record(ran);
        progress.accept(entry.preparation(ran));
        if (!ran.status.equals(Preparation.PREPARED)) {
          String failure = failure(entry, ran);
          entry.failure = failure;
          throw new Failed(failure);
        }
        done.add(Map.of("server", step.server(), "durationMs", ran.durationMs));
      }
      Map<String, String> after = Checkout.snapshot(dir);
      written = new TreeSet<>(Checkout.differences(before, after));
      if (record != null) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("tree", entry.tree.toString());
        content.put("preparedAt", Instant.now().toString());
        content.put("steps", done);
        content.put("written", written);
        content.put("snapshot", after);
        Files.writeString(record, Json.COMPACT.writeValueAsString(content));
      }
    }

    /**
     * The cached checkout in {@code dir}, when its record says it was prepared whole and it is as
     * it was then (what its servers wrote under their own paths aside); null otherwise.
     */
    Checkout reuse(Path dir) throws IOException {
      if (!Files.isRegularFile(record) || !Files.isDirectory(dir)) {
        return null;
      }
      JsonNode content;
      try {
        content = Json.MAPPER.readTree(Files.readString(record));
      } catch (RuntimeException e) {
        return null;
      }
      Map<String, String> then = new HashMap<>();
      content
          .get("snapshot")
          .properties()
          .forEach(e -> then.put(e.getKey(), e.getValue().asString()));
      Set<String> exempt = new TreeSet<>();
      content.get("written").forEach(p -> exempt.add(p.asString()));
      if (!Checkout.differences(then, Checkout.snapshot(dir), exempt).isEmpty()) {
        return null;
      }
      written = exempt;
      return Checkout.existing(dir, this);
    }
  }

  /** Why the runs of {@code entry} in its arms did not start: the step's own words. */
  private static String failure(Entry entry, Step step) {
    String what =
        switch (step.status) {
          case Preparation.TIMEOUT -> "timed out";
          case Preparation.CANCELLED -> "was cancelled";
          default -> step.exitCode == null ? "failed" : "failed (exit code " + step.exitCode + ")";
        };
    return "prepare step of MCP server '"
        + step.server
        + "' "
        + what
        + " in "
        + entry.tree
        + " after "
        + Durations.format(step.durationMs)
        + (step.output.isBlank() ? "" : ": " + step.output.strip());
  }

  /** Runs one step in {@code dir}, its output kept in the log directory. */
  private Step run(McpConfig.PrepareStep step, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(settings.logDir());
    int n;
    synchronized (this) {
      n = ++logs;
    }
    String name = n + "-" + step.server().replaceAll("[^A-Za-z0-9._-]", "_");
    Path out = settings.logDir().resolve(name + ".log");
    Path err = settings.logDir().resolve(name + ".stderr.log");
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(step.env());
    long start = System.nanoTime();
    Ending ending =
        AgentProcess.run(
            new AgentProcess.Launch(step.command(), new byte[0], env, dir, true),
            out,
            err,
            new Limits(settings.timeout(), MAX_OUTPUT_BYTES),
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
          new Step(
              step.server(),
              code == 0 ? Preparation.PREPARED : Preparation.FAILED,
              took,
              code,
              output);
      case Ending.TimedOut t ->
          new Step(
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
          new Step(step.server(), Preparation.FAILED, took, l.exitCode(), l.reason());
      case Ending.OutputOverflow o ->
          new Step(
              step.server(),
              Preparation.FAILED,
              took,
              null,
              "printed more than " + (MAX_OUTPUT_BYTES >> 20) + " MB; process tree killed");
      case Ending.FailedToStart f ->
          new Step(step.server(), Preparation.FAILED, took, null, "cannot start: " + f.reason());
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
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (size - from));
      channel.read(buffer, from);
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
