package org.reposearcheval.evals.transcript;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;

/**
 * Writes the transcript pages while the runs go, instead of all of them after the last: a run's
 * page as soon as it has finished (its transcript read once, right after the agent wrote it), a
 * case's page as soon as its last run has. At the end, {@link #finish} writes only what is missing
 * — the cases whose runs did not all finish (a stopped run), runs kept from before a resume, a
 * result that differs from the one shown — so a run of thousands of results ends without reading
 * every transcript again. The pages are the same as {@link TranscriptPages#write} makes.
 */
public final class LivePages implements RunListener {
  /** How long the pages of the last runs may take once the runs are over. */
  private static final Duration FINISH_RENDERING = Duration.ofMinutes(1);

  private final Path runDir;
  private final List<String> arms;
  private final CompletableFuture<Prompts> prompts;

  /** How many runs of each case are still to finish in this session. */
  private final Map<String, Integer> remaining = new HashMap<>();

  /** The runs of each case finished so far, with their transcripts, until the case's page. */
  private final Map<String, List<CaseView.Run>> pending = new HashMap<>();

  /** Each case whose page was written, with the results it shows. */
  private final Map<String, List<RunResult>> written = new HashMap<>();

  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /**
   * PageLayout for {@code jobs} as they finish, in {@code runDir}; {@code arms} and the prompts as
   * {@link TranscriptPages#write} takes them. The prompts are made on the pages' own thread while
   * the first agents run: masking thousands of them took 20 ms before the first agent started.
   */
  public LivePages(Path runDir, List<Job> jobs, List<String> arms, Supplier<Prompts> prompts) {
    this.runDir = runDir;
    this.arms = List.copyOf(arms);
    jobs.forEach(job -> remaining.merge(job.testCase().id(), 1, Integer::sum));
    this.prompts = CompletableFuture.supplyAsync(prompts, renderer);
  }

  /**
   * Renders on a thread of its own, so a run's thread hands its permit on at once: at a low {@code
   * --parallel}, rendering there delayed the start of the next agent.
   */
  private final ExecutorService renderer =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("transcript-pages").daemon().factory());

  @Override
  public void finished(Job job, RunResult result) {
    try {
      renderer.execute(() -> render(result));
    } catch (RejectedExecutionException e) {
      // finish() has begun: it writes this run's pages itself.
    }
  }

  private void render(RunResult result) {
    if (failure.get() != null) {
      return;
    }
    try {
      String caseId = result.caseId();
      Transcript transcript = TranscriptReader.read(TranscriptPages.transcriptFile(runDir, result));
      TranscriptPages.renderRun(runDir, result, transcript, prompts.join().find(caseId));
      List<CaseView.Run> complete = null;
      synchronized (this) {
        List<CaseView.Run> runs = pending.computeIfAbsent(caseId, id -> new ArrayList<>());
        runs.add(new CaseView.Run(result, transcript));
        if (remaining.merge(caseId, -1, Integer::sum) == 0) {
          complete = pending.remove(caseId);
        }
      }
      if (complete != null) {
        complete.sort(Comparator.comparingInt(r -> r.result().index()));
        TranscriptPages.renderCase(runDir, caseId, complete, arms, prompts.join().find(caseId));
        synchronized (this) {
          written.put(caseId, complete.stream().map(CaseView.Run::result).toList());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Never the run's concern: the pages are written whole at the end instead.
      failure.compareAndSet(null, e);
    }
  }

  /**
   * Writes what the runs did not: every page of a case not written with exactly {@code results}'
   * runs of it, once the pages of the runs that finished are written. Call once, when no run is in
   * flight.
   *
   * @return each case's page relative to {@code runDir}, as {@link TranscriptPages#write} returns
   */
  public Map<String, String> finish(List<RunResult> results) throws IOException {
    renderer.shutdown();
    try {
      if (!renderer.awaitTermination(FINISH_RENDERING.toMillis(), TimeUnit.MILLISECONDS)) {
        failure.compareAndSet(null, new IOException("pages still rendering after a minute"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the last pages were written");
    }
    if (failure.get() != null) {
      return TranscriptPages.write(runDir, results, arms, prompts.join());
    }
    Map<String, List<RunResult>> written;
    synchronized (this) {
      written = new HashMap<>(this.written);
    }
    Map<String, List<RunResult>> byCase = new LinkedHashMap<>();
    results.stream()
        .sorted(Comparator.comparingInt(RunResult::index))
        .forEach(r -> byCase.computeIfAbsent(r.caseId(), id -> new ArrayList<>()).add(r));
    List<RunResult> missing = new ArrayList<>();
    Map<String, String> links = new LinkedHashMap<>();
    for (Map.Entry<String, List<RunResult>> entry : byCase.entrySet()) {
      if (!entry.getValue().equals(written.get(entry.getKey()))) {
        missing.addAll(entry.getValue());
      }
      links.put(entry.getKey(), TranscriptPages.casePage(entry.getKey()));
    }
    if (!missing.isEmpty()) {
      TranscriptPages.write(runDir, missing, arms, prompts.join());
    }
    return links;
  }
}
