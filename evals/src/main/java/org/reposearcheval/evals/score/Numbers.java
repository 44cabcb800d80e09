package org.reposearcheval.evals.score;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import org.reposearcheval.evals.util.Durations;

/** Numbers as every report format writes them, so Markdown, HTML and compare say the same. */
public final class Numbers {
  private Numbers() {}

  public static String percent(Double rate) {
    return rate == null ? "–" : String.format(Locale.ROOT, "%.0f%%", rate * 100);
  }

  /**
   * A difference of rates in percentage points, always signed: {@code +14}, {@code −3}, {@code 0}.
   */
  public static String points(double delta) {
    long rounded = Math.round(delta * 100);
    return rounded == 0 ? "0" : (rounded > 0 ? "+" : "−") + Math.abs(rounded);
  }

  /**
   * A p-value with three significant figures ({@code 0.0313}, {@code 0.219}, {@code 1.00}), {@code
   * < 0.001} below that, and more figures where three would put it on the other side of α than the
   * exact value: 0.0498 and 0.0501 never both read 0.050.
   */
  public static String p(Double p) {
    return p(p, Inference.ALPHA);
  }

  public static String p(Double p, double alpha) {
    if (p == null) {
      return "–";
    }
    if (p < 0.001 && alpha > 0.001) {
      return "< 0.001";
    }
    for (int digits = 3; ; digits++) {
      BigDecimal shown = new BigDecimal(p).round(new MathContext(digits, RoundingMode.HALF_UP));
      if ((shown.doubleValue() < alpha) == (p < alpha) || digits == 17) {
        int scale = digits - (shown.precision() - shown.scale());
        return shown.setScale(Math.max(scale, 0), RoundingMode.HALF_UP).toPlainString();
      }
    }
  }

  /** {@code p = 0.0313} or {@code p < 0.001}. */
  public static String pEquals(Double p) {
    String text = p(p);
    return text.startsWith("<") ? "p " + text : "p = " + text;
  }

  /** The significance level as people write it: {@code 0.05}. */
  public static String alpha(double alpha) {
    return BigDecimal.valueOf(alpha).stripTrailingZeros().toPlainString();
  }

  public static String decimal(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%.1f", value);
  }

  static String ratio(Double ratio) {
    return ratio == null ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
  }

  public static String money(Double usd) {
    if (usd == null) {
      return "–";
    }
    return String.format(Locale.ROOT, usd < 0.1 ? "$%.3f" : "$%.2f", usd);
  }

  public static String duration(Double millis) {
    if (millis == null) {
      return "–";
    }
    return millis == 0 ? "0s" : Durations.format(Math.round(millis));
  }

  /**
   * A recorded duration in whole milliseconds ({@code 850ms}, {@code 41.2s}); {@code –} for none.
   */
  public static String durationMs(Long millis) {
    return millis == null ? "–" : Durations.format(millis);
  }

  public static String tokens(Double count) {
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
  public static String change(double fraction) {
    long rounded = Math.round(fraction * 100);
    return rounded == 0 ? "±0%" : (rounded > 0 ? "+" : "−") + Math.abs(rounded) + "%";
  }

  public static String plural(int count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }
}
