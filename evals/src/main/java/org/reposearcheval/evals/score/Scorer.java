package org.reposearcheval.evals.score;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.reposearcheval.evals.suite.Expectations;

/** Checks a final answer against a case's expectations. */
public final class Scorer {
  private Scorer() {}

  /**
   * The expectations the answer missed, each described for a person ({@code contains "RunAll"});
   * empty when the answer passes.
   */
  public static List<String> missed(Expectations expect, String answer) {
    String text = answer == null ? "" : answer;
    List<String> missed = new ArrayList<>();
    for (String needle : expect.contains()) {
      if (!text.contains(needle)) {
        missed.add("contains \"" + needle + "\"");
      }
    }
    for (Pattern pattern : expect.regex()) {
      if (!pattern.matcher(text).find()) {
        missed.add("regex /" + pattern.pattern() + "/");
      }
    }
    for (String needle : expect.notContains()) {
      if (text.contains(needle)) {
        missed.add("notContains \"" + needle + "\"");
      }
    }
    return missed;
  }
}
