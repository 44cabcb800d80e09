package org.reposearcheval.evals.checkout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
  private final PrepareStepRunner steps;
  private final java.util.function.Consumer<Preparation> progress;
  private final Map<String, PreparedEntry> entries = new LinkedHashMap<>();

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
    this.steps = new PrepareStepRunner(settings.timeout(), settings.logDir(), environment, secrets);
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
    PreparedEntry entry;
    synchronized (entries) {
      entry =
          entries.computeIfAbsent(
              key(tree, config), k -> new PreparedEntry(tree, config, entries.size() + 1, k));
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
      for (PreparedEntry entry : entries.values()) {
        synchronized (entry.steps) {
          for (StepRecord step : entry.steps) {
            all.add(entry.preparation(step));
          }
        }
      }
    }
    return all;
  }

  private void record(PreparedEntry entry, StepRecord step) {
    entry.record(step);
    progress.accept(entry.preparation(step));
  }

  /** Lets other harnesses use the cached checkouts this one used. */
  @Override
  public void close() {
    synchronized (entries) {
      for (PreparedEntry entry : entries.values()) {
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
  private Checkout prepare(PreparedEntry entry) throws IOException, InterruptedException {
    Path dir =
        settings.cacheDir().isEmpty()
            ? null
            : entry.lockCache(
                Files.createDirectories(settings.cacheDir().get().resolve("prepared")));
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
              new StepRecord(
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

  /** Checks the tree out, then runs every prepare step in it; records it in the cache, if any. */
  private final class Maker implements Checkout.Maker {
    private final PreparedEntry entry;
    private final Path record;
    private volatile Set<String> written = Set.of();

    Maker(PreparedEntry entry, Path record) {
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
        StepRecord ran = steps.run(step, dir);
        entry.record(ran);
        progress.accept(entry.preparation(ran));
        if (!ran.prepared()) {
          String failure = ran.failure(entry.tree);
          entry.failure = failure;
          throw new Failed(failure);
        }
        done.add(Map.of("server", step.server(), "durationMs", ran.durationMs()));
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
}
