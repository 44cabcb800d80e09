package org.reposearcheval.evals.suite;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a correct run looks like: every {@code contains} string appears in the answer, every {@code
 * regex} matches somewhere in it, no {@code notContains} string appears, every file in {@code
 * files} is named, the tool calls meet {@code tools}, and a judge finds that the answer meets
 * {@code judged} (a rubric, a reference answer), when the case asks for one.
 */
public record Expectations(
    List<String> contains,
    List<Pattern> regex,
    List<String> notContains,
    List<String> files,
    ToolExpectations tools,
    Judged judged) {

  public Expectations {
    contains = List.copyOf(contains);
    regex = List.copyOf(regex);
    notContains = List.copyOf(notContains);
    files = List.copyOf(files);
    tools = tools == null ? ToolExpectations.NONE : tools;
    judged = judged == null ? Judged.NONE : judged;
  }

  /** No judge is asked. */
  public Expectations(
      List<String> contains,
      List<Pattern> regex,
      List<String> notContains,
      List<String> files,
      ToolExpectations tools) {
    this(contains, regex, notContains, files, tools, Judged.NONE);
  }

  /**
   * What a judge grades the answer against: what a correct answer must say ({@code rubric}), a
   * reference answer ({@code reference}), or both; null where the case gives none.
   */
  public record Judged(String rubric, String reference) {
    public static final Judged NONE = new Judged(null, null);

    /** True when the case asks for a judged answer. */
    public boolean asked() {
      return rubric != null || reference != null;
    }
  }

  /** True when the answer's text is checked by strings: contains, regex, notContains, files. */
  public boolean hasStrings() {
    return !contains.isEmpty() || !regex.isEmpty() || !notContains.isEmpty() || !files.isEmpty();
  }

  /** Expectations on the answer's text only. */
  public Expectations(List<String> contains, List<Pattern> regex, List<String> notContains) {
    this(contains, regex, notContains, List.of(), ToolExpectations.NONE);
  }

  /** True when nothing at all is expected: a case file must expect something. */
  public boolean isEmpty() {
    return contains.isEmpty()
        && regex.isEmpty()
        && notContains.isEmpty()
        && files.isEmpty()
        && tools.isEmpty()
        && !judged.asked();
  }
}
