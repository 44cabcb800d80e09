package org.reposearcheval.evals.util;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h30m}. */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a positive duration.
   *
   * @throws IllegalArgumentException with a message fit to show the user
   */
  public static Duration parse(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (examples: 500ms, 90s, 5m, 1h30m)");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(trimmed);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  default -> Duration.ofHours(amount);
                });
      }
      total.toMillis(); // runs are timed in milliseconds: reject what cannot be
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration");
    }
    if (total.isZero()) {
      throw new IllegalArgumentException("'" + text + "' is zero; a timeout must be positive");
    }
    return total;
  }

  /** Short human form: {@code 850ms}, {@code 41.2s}, {@code 3m05s}. */
  public static String format(long millis) {
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      // Truncated like the minutes below, so 59,999ms never shows as "60.0s".
      return millis / 1000 + "." + (millis % 1000) / 100 + "s";
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }

  /** The form {@link #parse} reads back, for recording settings. */
  public static String canonical(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0) return millis / 3_600_000 + "h";
    if (millis % 60_000 == 0) return millis / 60_000 + "m";
    if (millis % 1000 == 0) return millis / 1000 + "s";
    return millis + "ms";
  }
}
