package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.judge.Judge;
import org.reposearcheval.evals.judge.JudgeCache;
import org.reposearcheval.evals.judge.JudgingSolver;
import org.reposearcheval.evals.report.Report;
import org.reposearcheval.evals.report.ReportFiles;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.run.AdaptiveLimit;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.RunAll;
import org.reposearcheval.evals.run.RunControl;
import org.reposearcheval.evals.run.RunListener;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.run.Slot;
import org.reposearcheval.evals.run.Solver;
import org.reposearcheval.evals.score.Scorer;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.suite.TestCase;
import org.reposearcheval.evals.util.InvalidInputException;

/**
 * {@code judge DIR}: grades the stored answers of a finished run again, with the judge the run
 * recorded or another, starting no arm's agent. Every run of a case that asks for a judged answer
 * and that answered is scored afresh on its strings and tools and judged; the votes the run
 * directory's cache holds for the same answer, judge and template are reused. The earlier report,
 * journal and judge transcripts move to {@code earlier/<timestamp>/} beside the new ones.
 */
public final class Rejudge {
  /** Where the earlier judgements go. */
  public static final String EARLIER = "earlier";

  /**
   * What re-grading produced: the new report, how many answers were judged, and where the earlier
   * report was kept; {@code stopReason} as for a run.
   */
  public record Outcome(Report report, int judged, Path earlier, String stopReason) {}

  private Rejudge() {}

  /**
   * Re-grades the answers in {@code dir} with {@code judging} (empty: as the run recorded), at most
   * {@code parallel} judge runs at once (0: as recorded).
   */
  public static Outcome run(
      Path dir,
      Optional<EvalSettings.Judging> judging,
      int parallel,
      Map<String, String> environment,
      RunListener listener,
      RunControl control)
      throws IOException {
    RunManifest manifest = RunManifest.read(dir);
    EvalSettings settings = manifest.settings();
    settings = judging.map(settings::withJudging).orElse(settings);
    settings = parallel > 0 ? settings.withParallel(parallel) : settings;
    Report earlier = ReportFiles.load(dir);
    Map<String, TestCase> cases = new HashMap<>();
    Preflight.suite(settings).cases().forEach(c -> cases.put(c.id(), c));
    Map<String, Boolean> mcpOffered = new HashMap<>();
    earlier.config().arms().forEach(a -> mcpOffered.put(a.name(), !a.mcpServers().isEmpty()));

    List<RunResult> results = new ArrayList<>(earlier.rawResults());
    List<Job> jobs = new ArrayList<>();
    Map<Integer, RunResult> unjudged = new HashMap<>();
    for (int i = 0; i < results.size(); i++) {
      RunResult r = results.get(i);
      TestCase testCase = cases.get(r.caseId());
      if (testCase == null
          || !testCase.expect().judged().asked()
          || r.answer() == null
          || !(r.status().isVerdict() || r.judge() != null)) {
        continue;
      }
      unjudged.put(i, scored(r, testCase, mcpOffered.getOrDefault(r.arm(), false)));
      jobs.add(new Job(i, testCase, new Arm(r.arm(), Optional.empty(), Optional.empty()), r.run()));
    }
    if (jobs.isEmpty()) {
      throw new InvalidInputException(
          dir
              + ": no stored answer of a case that asks for a judged answer (expect.rubric,"
              + " expect.reference)");
    }
    Path kept = keepEarlier(dir);
    AdaptiveLimit limit = new AdaptiveLimit(settings.schedule().parallel());
    List<RunResult> judged;
    EvalSettings finalSettings = settings;
    try (Judge judge =
        Judge.open(
            Judges.settings(settings),
            dir,
            environment,
            Solvers.retries(settings, limit),
            settings.agent().binaries())) {
      Solver solver = new Rejudging(unjudged, results, control, judge);
      control.bind();
      try {
        judged = RunAll.run(jobs, limit, solver, listener);
      } finally {
        control.unbind();
        Thread.interrupted();
      }
    }
    for (int j = 0; j < jobs.size(); j++) {
      if (judged.get(j).status() != RunStatus.CANCELLED
          || results.get(jobs.get(j).index()).status() == RunStatus.CANCELLED) {
        results.set(jobs.get(j).index(), judged.get(j));
      }
    }
    Report report = earlier.withRawResults(results).recomputed();
    Resumption.rewriteJournal(
        dir, results.stream().filter(r -> r.status() != RunStatus.CANCELLED).toList());
    manifest
        .judgedWith(finalSettings, org.reposearcheval.evals.judge.JudgePrompt.standard().sha256())
        .write(dir);
    ReportWriter.write(report, dir);
    return new Outcome(report, jobs.size(), kept, control.reason());
  }

  /**
   * {@code r} as its strings and tools alone grade it, without a judgement: the status and the
   * missed expectations the run had before any judge.
   */
  private static RunResult scored(RunResult r, TestCase testCase, boolean mcpOffered) {
    List<String> missed = Scorer.missed(testCase.expect(), r.answer(), r.toolCalls(), mcpOffered);
    RunResult.Outcome o = r.outcome();
    return new RunResult(
        r.key(),
        new RunResult.Outcome(
            missed.isEmpty() ? RunStatus.PASSED : RunStatus.FAILED,
            o.durationMs(),
            o.exitCode(),
            o.attempts()),
        r.measures(),
        new RunResult.Verdict(r.answer(), missed, null),
        r.trace());
  }

  /**
   * Moves the report, the journal, run.json and the judge's transcripts to {@code
   * earlier/<timestamp>/}; copies the judge's cache there, which stays in use.
   */
  private static Path keepEarlier(Path dir) throws IOException {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path kept = dir.resolve(EARLIER).resolve(stamp);
    for (int n = 2; Files.exists(kept); n++) {
      kept = dir.resolve(EARLIER).resolve(stamp + "-" + n);
    }
    Files.createDirectories(kept);
    for (String file :
        List.of(
            ReportWriter.JSON,
            ReportWriter.MARKDOWN,
            ReportWriter.HTML,
            ReportWriter.JUNIT,
            Journal.FILE,
            RunManifest.FILE)) {
      Path from = dir.resolve(file);
      if (Files.exists(from)) {
        Files.copy(from, kept.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    Path cache = dir.resolve(JudgeCache.FILE);
    if (Files.exists(cache)) {
      Files.copy(cache, kept.resolve(JudgeCache.FILE));
    }
    Path transcripts = dir.resolve("transcripts").resolve(Judge.ARM);
    if (Files.isDirectory(transcripts)) {
      Files.createDirectories(kept.resolve("transcripts"));
      Files.move(transcripts, kept.resolve("transcripts").resolve(Judge.ARM));
    }
    return kept;
  }

  /**
   * Each kept result judged again: its scored form ({@code unjudged}) graded by {@code judge}; the
   * earlier result stands where the run was stopped or the judge gave no verdict.
   */
  private record Rejudging(
      Map<Integer, RunResult> unjudged, List<RunResult> earlier, RunControl control, Judge judge)
      implements Solver {
    @Override
    public RunResult solve(Job job) {
      return solve(job, Slot.NONE);
    }

    @Override
    public RunResult solve(Job job, Slot slot) {
      RunResult base = unjudged.get(job.index());
      if (control.reason() != null) {
        return earlier.get(job.index());
      }
      return JudgingSolver.judged(judge, job.testCase(), base, slot)
          .orElse(earlier.get(job.index()));
    }
  }
}
