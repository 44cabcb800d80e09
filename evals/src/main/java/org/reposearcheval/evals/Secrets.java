package org.reposearcheval.evals;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Masks the values of credential-like environment variables ({@code *_KEY}, {@code *_TOKEN},
 * {@code *SECRET*}, {@code *PASSWORD*}) in text the harness writes: reports, errors, console lines.
 */
public final class Secrets {
  static final String MASK = "***";
  /** Shorter values are too likely to occur by chance to be worth masking (and too weak to hide). */
  private static final int MIN_LENGTH = 6;

  private final List<String> values;

  private Secrets(List<String> values) {
    this.values = values;
  }

  public static Secrets fromEnvironment(Map<String, String> environment) {
    return new Secrets(
        environment.entrySet().stream()
            .filter(e -> looksSecret(e.getKey()))
            .map(Map.Entry::getValue)
            .filter(v -> v != null && v.length() >= MIN_LENGTH)
            .distinct()
            // Longest first, so a secret that contains another is masked whole.
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList());
  }

  static boolean looksSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.endsWith("_KEY")
        || upper.endsWith("_TOKEN")
        || upper.contains("SECRET")
        || upper.contains("PASSWORD");
  }

  /** {@code text} with every secret value replaced by {@code ***}; null stays null. */
  public String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = text;
    for (String value : values) {
      masked = masked.replace(value, MASK);
    }
    return masked;
  }
}
