package org.reposearcheval.evals.transcript;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.WriterOutput;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.util.FileTrees;

/**
 * Writes the transcript pages of a run directory: one page per run, {@code
 * pages/<arm>/<case>-<run>.html}, and one per case with the arms side by side, {@code
 * pages/<case>.html}. Each is one self-contained file (inline style, no script, nothing from the
 * network), rendered from the precompiled templates in {@code src/main/jte/transcript} with HTML
 * escaping on. Every text comes from the masked transcript, the masked result, or {@link Prompts},
 * masked when saved.
 */
public final class TranscriptPages {
  /** The package the templates compile into: {@code transcript/run.jte} is in this one. */
  private static final String TEMPLATE_PACKAGE = "org.reposearcheval.evals";

  private static final TemplateEngine TEMPLATES =
      TemplateEngine.createPrecompiled(
          null, ContentType.Html, TranscriptPages.class.getClassLoader(), TEMPLATE_PACKAGE);

  private TranscriptPages() {}

  /**
   * Writes every run's page and every case's page under {@code runDir/pages/}, reading each
   * transcript once, a case at a time.
   *
   * @param results the runs, in any order; their transcripts are read from {@code runDir}
   * @param arms the arms in the order their columns go (the baseline first, say); an arm not named
   *     here gets a run page but no column
   * @return each case's page relative to {@code runDir} ({@code pages/<case>.html}), in the order
   *     the results first name the cases
   */
  public static Map<String, String> write(
      Path runDir, List<RunResult> results, List<String> arms, Prompts prompts) throws IOException {
    Map<String, List<RunResult>> byCase = new LinkedHashMap<>();
    results.stream()
        .sorted(Comparator.comparingInt(RunResult::index))
        .forEach(r -> byCase.computeIfAbsent(r.caseId(), id -> new ArrayList<>()).add(r));
    Map<String, String> links = new LinkedHashMap<>();
    for (Map.Entry<String, List<RunResult>> entry : byCase.entrySet()) {
      String caseId = entry.getKey();
      var asked = prompts.find(caseId);
      List<CaseView.Run> runs = new ArrayList<>();
      for (RunResult r : entry.getValue()) {
        Transcript transcript = TranscriptReader.read(transcriptFile(runDir, r));
        runs.add(new CaseView.Run(r, transcript));
        renderRun(runDir, r, transcript, asked);
      }
      renderCase(runDir, caseId, runs, arms, asked);
      links.put(caseId, casePage(caseId));
    }
    return links;
  }

  /** A case's page relative to the run directory: {@code pages/<case>.html}. */
  public static String casePage(String caseId) {
    return PageLayout.casePage(caseId);
  }

  /** A run's page relative to the run directory: {@code pages/<arm>/<case>-<run>.html}. */
  public static String runPage(RunResult result) {
    return PageLayout.DIR + "/" + PageLayout.runPageInPages(result);
  }

  /** Writes the page of run {@code r}, its transcript already read. */
  static void renderRun(
      Path runDir, RunResult r, Transcript transcript, Optional<Prompts.CasePrompt> asked)
      throws IOException {
    render(
        "transcript/run.jte",
        RunView.of(r, transcript, asked),
        runDir.resolve(PageLayout.DIR).resolve(PageLayout.runPageInPages(r)));
  }

  /** Writes the page of case {@code caseId}, its runs' transcripts already read. */
  static void renderCase(
      Path runDir,
      String caseId,
      List<CaseView.Run> runs,
      List<String> arms,
      Optional<Prompts.CasePrompt> asked)
      throws IOException {
    render(
        "transcript/case.jte",
        CaseView.of(caseId, runs, arms, asked),
        runDir.resolve(PageLayout.DIR).resolve(caseId + ".html"));
  }

  /** The run's transcript, when it names one inside the run directory. */
  static Path transcriptFile(Path runDir, RunResult r) {
    if (r.transcript() == null) {
      return null;
    }
    Path root = runDir.toAbsolutePath().normalize();
    Path file = root.resolve(r.transcript()).normalize();
    return file.startsWith(root) ? file : null;
  }

  private static void render(String template, Object model, Path target) throws IOException {
    FileTrees.directory(target.getParent());
    try (Writer out = Files.newBufferedWriter(target)) {
      TEMPLATES.render(template, model, new WriterOutput(out));
    }
  }
}
