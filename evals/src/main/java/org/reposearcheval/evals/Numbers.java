package org.reposearcheval.evals;

import java.util.Locale;

/** Numbers as every report format writes them, so Markdown, HTML and compare say the same. */
final class Numbers {
  private Numbers() {}

  static String percent(Double rate) {
    return rate == null ? "–" : String.format(Locale.ROOT, "%.0f%%", rate * 100);
  }

  /**
   * A difference of rates in percentage points, always signed: {@code +14}, {@code −3}, {@code 0}.
   */
  static String points(double delta) {
    long rounded = Math.round(delta * 100);
    return rounded == 0 ? "0" : (rounded > 0 ? "+" : "−") + Math.abs(rounded);
  }

  /** A p-value: three decimals below 0.1, where the 0.05 line is, two above. */
  static String p(Double p) {
    if (p == null) {
      return "–";
    }
    if (p < 0.001) {
      return "< 0.001";
    }
    return String.format(Locale.ROOT, p < 0.1 ? "%.3f" : "%.2f", p);
  }

  /** {@code p = 0.031} or {@code p < 0.001}. */
  static String pEquals(Double p) {
    String text = p(p);
    return text.startsWith("<") ? "p " + text : "p = " + text;
  }

  static String decimal(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%.1f", value);
  }

  static String ratio(Double ratio) {
    return ratio == null ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
  }

  static String money(Double usd) {
    if (usd == null) {
      return "–";
    }
    return String.format(Locale.ROOT, usd < 0.1 ? "$%.3f" : "$%.2f", usd);
  }

  static String duration(Double millis) {
    if (millis == null) {
      return "–";
    }
    return millis == 0 ? "0s" : Durations.format(Math.round(millis));
  }

  static String tokens(Double count) {
    if (count == null) {
      return "–";
    }
    if (count >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1fM", count / 1_000_000);
    }
    return count >= 1000
        ? String.format(Locale.ROOT, "%.1fk", count / 1000)
        : String.format(Locale.ROOT, "%.0f", count);
  }

  /** A relative change: {@code +12%}, {@code −30%}. */
  static String change(double fraction) {
    long rounded = Math.round(fraction * 100);
    return rounded == 0 ? "±0%" : (rounded > 0 ? "+" : "−") + Math.abs(rounded) + "%";
  }

  static String plural(int count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }
}
