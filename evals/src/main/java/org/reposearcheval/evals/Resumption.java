package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.reposearcheval.evals.agent.AgentCli;
import org.reposearcheval.evals.agent.AgentClis;
import org.reposearcheval.evals.run.Journal;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.suite.CaseTree;
import org.reposearcheval.evals.util.AtomicFiles;
import org.reposearcheval.evals.util.Json;

/**
 * The journal a run continues from: what a resumed or merged run directory starts with, and what
 * changed since the run started that the user should know of.
 */
final class Resumption {
  private Resumption() {}

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

  /**
   * What differs between the run recorded in {@code manifest} and the one resumed now from {@code
   * input}, in words: an agent whose version changed (kept and new results then come from different
   * versions), a pinned tag that moved (its case runs again at the new commit).
   */
  static List<String> changedSince(RunManifest manifest, Preflight.Input input) {
    List<String> warnings = new ArrayList<>();
    input
        .agentVersions()
        .forEach(
            (agent, now) -> {
              String then = manifest.agentVersions().get(agent);
              if (then != null && !then.equals(now)) {
                warnings.add(
                    AgentClis.named(agent).map(AgentCli::displayName).orElse(agent)
                        + " is "
                        + now
                        + " now but was "
                        + then
                        + " when the run started: kept and new results come from different"
                        + " versions");
              }
            });
    Map<String, CaseTree> treesNow = input.trees().byCase();
    manifest
        .caseTrees()
        .forEach(
            (caseId, then) -> {
              CaseTree now = treesNow.get(caseId);
              if (now != null
                  && then.pinned()
                  && now.pinned()
                  && Objects.equals(then.ref(), now.ref())
                  && !then.commit().equals(now.commit())) {
                warnings.add(
                    "case "
                        + caseId
                        + ": "
                        + then.ref()
                        + " of "
                        + now.repo()
                        + " was "
                        + then.commit()
                        + " when the run started and is "
                        + now.commit()
                        + " now (the tag moved): the case runs again at the new commit");
              }
            });
    return warnings;
  }
}
