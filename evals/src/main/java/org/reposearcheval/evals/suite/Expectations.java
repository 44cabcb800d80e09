package org.reposearcheval.evals.suite;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a correct run looks like: every {@code contains} string appears in the answer, every {@code
 * regex} matches somewhere in it, no {@code notContains} string appears, every file in {@code
 * files} is named, and the tool calls meet {@code tools}.
 */
public record Expectations(
    List<String> contains,
    List<Pattern> regex,
    List<String> notContains,
    List<String> files,
    ToolExpectations tools) {

  public Expectations {
    contains = List.copyOf(contains);
    regex = List.copyOf(regex);
    notContains = List.copyOf(notContains);
    files = List.copyOf(files);
    tools = tools == null ? ToolExpectations.NONE : tools;
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
        && tools.isEmpty();
  }
}
