package org.reposearcheval.evals.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --shard K/N}: the K-th of N deterministic, balanced shares of a suite. Cases in id order
 * are dealt out in turn, so shard sizes differ by one case at most and, for a given suite and N, a
 * case always lands in the same shard. Every arm and every repetition of a case stay together, so
 * pairs are never split.
 */
public record Shard(int index, int count) {
  public static final Shard ALL = new Shard(1, 1);
  private static final Pattern FORM = Pattern.compile("(\\d+)/(\\d+)");

  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException(
          "shard must be K/N with 1 <= K <= N, got " + index + "/" + count);
    }
  }

  /** Reads {@code K/N}. */
  public static Shard parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("shard must be K/N, such as 2/3, got '" + text + "'");
    }
    try {
      return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("shard numbers too large: '" + text + "'");
    }
  }

  /** This shard's cases, from all cases in id order. */
  public List<TestCase> select(List<TestCase> cases) {
    List<TestCase> mine = new ArrayList<>();
    for (int i = index - 1; i < cases.size(); i += count) {
      mine.add(cases.get(i));
    }
    return mine;
  }

  public boolean isAll() {
    return count == 1;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
