package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.report.ReportFiles;
import org.reposearcheval.evals.report.ReportWriter;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.RunResult;

/**
 * What a user sees does not change when the inside does: a run directory written by the harness
 * (src/test/resources/golden-run: the test agent, 6 cases × 2 arms × 2 runs, with passes, fails,
 * timeouts, tool and MCP calls, characters to escape) is re-rendered as {@code repo-search-eval
 * report} does, and every format must come out byte for byte as it was; run.json and the journal
 * must read back and write out the same. When an output is meant to change, regenerate the files
 * with {@code mvn test -pl evals -Dtest=GoldenRunTest -Dgolden.update=true} and review the diff.
 */
class GoldenRunTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden-run").toAbsolutePath();
  private static final List<String> FORMATS =
      List.of(ReportWriter.JSON, ReportWriter.MARKDOWN, ReportWriter.HTML, ReportWriter.JUNIT);

  @TempDir Path dir;

  @Test
  void reRenderingARunDirectoryGivesTheSameBytesInEveryFormat() throws IOException {
    Files.copy(GOLDEN.resolve(ReportWriter.JSON), dir.resolve(ReportWriter.JSON));

    ReportFiles.rerender(dir);

    if (Boolean.getBoolean("golden.update")) {
      for (String format : FORMATS) {
        Files.copy(
            dir.resolve(format), GOLDEN.resolve(format), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    ReportSchemas.assertValid(dir);
    for (String format : FORMATS) {
      assertEquals(
          Files.readString(GOLDEN.resolve(format)),
          Files.readString(dir.resolve(format)),
          format + " changed");
    }
  }

  @Test
  void theManifestAndTheJournalReadBackAsTheyWereWritten() throws IOException {
    Files.copy(GOLDEN.resolve(RunManifest.FILE), dir.resolve(RunManifest.FILE));

    RunManifest.read(dir).write(Files.createDirectories(dir.resolve("again")));
    if (Boolean.getBoolean("golden.update")) {
      Files.copy(
          dir.resolve("again").resolve(RunManifest.FILE),
          GOLDEN.resolve(RunManifest.FILE),
          StandardCopyOption.REPLACE_EXISTING);
    }

    assertEquals(
        Files.readString(GOLDEN.resolve(RunManifest.FILE)),
        Files.readString(dir.resolve("again").resolve(RunManifest.FILE)));
    Files.copy(GOLDEN.resolve("results.jsonl"), dir.resolve("results.jsonl"));
    List<RunResult> results = Journal.read(dir).results();
    assertEquals(24, results.size());
    ReportSchemas.assertValid(GOLDEN);
    assertEquals(
        ReportFiles.read(GOLDEN.resolve(ReportWriter.JSON)).rawResults(),
        results.stream().sorted(java.util.Comparator.comparingInt(RunResult::index)).toList());
  }
}
