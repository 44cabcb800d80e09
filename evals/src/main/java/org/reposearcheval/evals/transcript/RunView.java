package org.reposearcheval.evals.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.suite.AgentSpec;
import org.reposearcheval.evals.transcript.Transcript.Server;
import org.reposearcheval.evals.transcript.Transcript.Shown;

/**
 * What one run's page shows ({@code run.jte}).
 *
 * @param reason why the run did not reach a verdict (or what went wrong); null when nothing did
 * @param prompt null when the run directory did not record it
 * @param checked false when the run reached no verdict, so no expectation was checked
 * @param answer null when the agent gave none
 */
record RunView(
    RunResult result,
    Figures figures,
    String reason,
    String prompt,
    List<Expectation> expectations,
    boolean expectationsRecorded,
    boolean checked,
    List<Server> servers,
    Transcript transcript,
    Shown answer,
    Links links) {

  /** An expectation of the case and whether this run missed it. */
  record Expectation(String text, boolean missed) {}

  /**
   * Where the page links to, relative to the page.
   *
   * @param transcript null when the run has no transcript file
   */
  record Links(String casePage, String transcript, String report) {}

  static RunView of(RunResult r, Transcript transcript, Optional<Prompts.CasePrompt> asked) {
    String up = "../../";
    return new RunView(
        r,
        Figures.of(r, transcript),
        r.error(),
        asked.map(Prompts.CasePrompt::prompt).orElse(null),
        expectations(asked, r.failedExpectations()),
        asked.isPresent(),
        r.status().isVerdict(),
        servers(r, transcript),
        transcript,
        r.answer() == null ? null : Shown.of(r.answer(), TranscriptReader.SHOWN_TEXT),
        new Links(
            "../" + r.caseId() + ".html",
            transcript.found() ? up + r.transcript() : null,
            up + "report.html"));
  }

  /** The case's expectations, each marked missed or met; a missed one not recorded is added. */
  static List<Expectation> expectations(Optional<Prompts.CasePrompt> asked, List<String> missed) {
    List<Expectation> all = new ArrayList<>();
    List<String> unmatched = new ArrayList<>(missed);
    for (String described : asked.map(Prompts.CasePrompt::expectations).orElse(List.of())) {
      boolean miss = unmatched.removeIf(m -> Prompts.isMissed(described, m));
      all.add(new Expectation(described, miss));
    }
    unmatched.forEach(m -> all.add(new Expectation(m, true)));
    return all;
  }

  /** The init event's servers; the result's when the transcript is gone. */
  private static List<Server> servers(RunResult r, Transcript transcript) {
    if (transcript.init() != null) {
      return transcript.init().servers();
    }
    return r.mcpServers().stream().map(s -> new Server(s.name(), s.status())).toList();
  }

  /**
   * {@code model claude-sonnet-4-5 · Claude Code 2.1.328}: the model and the agent with its version
   * as the transcript names them, each said "not named" when it does not, on every page: {@code
   * model not named · agent not named (no transcript)} for a run that left none.
   */
  String agentLine() {
    Transcript.Init init = transcript.init();
    if (init == null) {
      return "model not named · agent not named ("
          + (transcript.found() ? "its transcript names neither" : "no transcript")
          + ")";
    }
    return "model "
        + (init.model() == null ? "not named" : init.model())
        + " · "
        + (init.agent() == null ? "agent not named" : AgentSpec.displayName(init.agent()))
        + " "
        + (init.version() == null ? "version not named" : init.version());
  }

  /** The MCP tools the init event listed; 0 when there was none. */
  int mcpToolsOffered() {
    return transcript.init() == null ? 0 : transcript.init().mcpTools().size();
  }
}
