package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.util.AtomicFiles;
import org.reposearcheval.evals.util.Json;

/** Which journaled results a resumed run keeps, and how they join the new ones. */
final class Resumption {
  private Resumption() {}

  private record Key(String caseId, String mode, int run) {}

  /**
   * Journaled results that still stand: the job is still planned and its case is unchanged since it
   * ran. They take the job's current index (cases may have been added since). When a run was
   * journaled twice, the later line wins.
   */
  static List<RunResult> keep(
      List<Job> jobs,
      List<RunResult> journaled,
      Map<String, String> recordedFingerprints,
      Map<String, String> currentFingerprints) {
    Map<Key, Job> planned = new HashMap<>();
    jobs.forEach(j -> planned.put(new Key(j.testCase().id(), j.arm().label(), j.run()), j));
    Map<Key, RunResult> kept = new HashMap<>();
    for (RunResult result : journaled) {
      Key key = new Key(result.caseId(), result.mode(), result.run());
      Job job = planned.get(key);
      boolean unchanged =
          Objects.equals(
              recordedFingerprints.get(result.caseId()), currentFingerprints.get(result.caseId()));
      if (job != null && unchanged) {
        kept.put(key, result.withIndex(job.index()));
      }
    }
    return kept.values().stream().sorted((a, b) -> Integer.compare(a.index(), b.index())).toList();
  }

  /** Jobs with no kept result, in index order. */
  static List<Job> remaining(List<Job> jobs, List<RunResult> kept) {
    Set<Integer> done =
        kept.stream().map(RunResult::index).collect(Collectors.toCollection(HashSet::new));
    return jobs.stream().filter(j -> !done.contains(j.index())).toList();
  }

  /** Every job's result in index order: the kept ones and the fresh ones. */
  static List<RunResult> merge(List<Job> jobs, List<RunResult> kept, List<RunResult> fresh) {
    RunResult[] results = new RunResult[jobs.size()];
    kept.forEach(r -> results[r.index()] = r);
    fresh.forEach(r -> results[r.index()] = r);
    return List.of(results);
  }

  /**
   * Rewrites the journal to hold exactly the kept results, atomically: stale lines (a changed case,
   * a torn line) are gone before new ones are appended.
   */
  static void rewriteJournal(Path dir, List<RunResult> kept) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (RunResult result : kept) {
      lines.append(Json.COMPACT.writeValueAsString(result)).append('\n');
    }
    AtomicFiles.write(dir.resolve(Journal.FILE), lines.toString());
  }
}
