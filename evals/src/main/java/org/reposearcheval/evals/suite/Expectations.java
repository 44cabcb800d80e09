package org.reposearcheval.evals.suite;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a correct answer looks like: every {@code contains} string appears, every {@code regex}
 * matches somewhere, and no {@code notContains} string appears.
 */
public record Expectations(List<String> contains, List<Pattern> regex, List<String> notContains) {

  public Expectations {
    contains = List.copyOf(contains);
    regex = List.copyOf(regex);
    notContains = List.copyOf(notContains);
  }
}
