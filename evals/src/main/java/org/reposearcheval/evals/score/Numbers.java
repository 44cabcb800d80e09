package org.reposearcheval.evals.score;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * Dollars to three significant figures (trailing zeros dropped) and at least to the cent: {@code
   * $0.00123}, {@code $0.0456}, {@code $0.154}, {@code $0.04}, {@code $1.23}, {@code $12.34};
   * {@code –} for none.
   */
  public static String money(Double usd) {
    if (usd == null) {
      return "–";
    }
    return trimmed(usd, decimals(usd));
  }

  /**
   * {@code values} as {@link #money} prints each, with as many more decimals for all of them as it
   * takes for different values to print differently: {@code $0.00150} and {@code $0.00150} become
   * {@code $0.001501} and {@code $0.001504}.
   */
  public static List<String> money(List<Double> values) {
    int most = 0;
    for (Double v : values) {
      most = v == null ? most : Math.max(most, BigDecimal.valueOf(v).scale());
    }
    for (int more = 0; ; more++) {
      List<String> printed = new ArrayList<>();
      for (Double v : values) {
        printed.add(v == null ? "–" : trimmed(v, decimals(v) + more));
      }
      if (more >= most || distinctAsValues(values, printed)) {
        return printed;
      }
    }
  }

  /**
   * Axis ticks in dollars, all to the same number of decimals, the fewest (at least cents) that
   * print different ticks differently: {@code $0.0000 $0.0005 $0.0010 $0.0015 $0.0020}.
   */
  public static List<String> moneyTicks(List<Double> ticks) {
    int most = 2;
    for (Double v : ticks) {
      most = Math.max(most, BigDecimal.valueOf(v).scale());
    }
    for (int decimals = 2; ; decimals++) {
      int d = decimals;
      List<String> printed = ticks.stream().map(v -> money(v, d)).toList();
      if (decimals >= most || distinctAsValues(ticks, printed)) {
        return printed;
      }
    }
  }

  /** Whether values that differ print differently. */
  private static boolean distinctAsValues(List<Double> values, List<String> printed) {
    Map<String, Double> seen = new HashMap<>();
    for (int i = 0; i < values.size(); i++) {
      Double v = values.get(i);
      Double before = v == null ? null : seen.putIfAbsent(printed.get(i), v);
      if (before != null && before.doubleValue() != v.doubleValue()) {
        return false;
      }
    }
    return true;
  }

  /** Decimals for three significant figures, at least two. */
  private static int decimals(double usd) {
    if (usd == 0 || !Double.isFinite(usd)) {
      return 2;
    }
    int magnitude = (int) Math.floor(Math.log10(Math.abs(usd)));
    return Math.max(2, 2 - magnitude);
  }

  /** {@code usd} rounded to {@code decimals}, without trailing zeros past the cent. */
  private static String trimmed(double usd, int decimals) {
    return money(usd, decimals, true);
  }

  private static String money(double usd, int decimals) {
    return money(usd, decimals, false);
  }

  private static String money(double usd, int decimals, boolean trim) {
    if (!Double.isFinite(usd)) {
      return "$" + usd;
    }
    BigDecimal rounded = BigDecimal.valueOf(Math.abs(usd)).setScale(decimals, RoundingMode.HALF_UP);
    if (trim) {
      rounded = rounded.stripTrailingZeros();
      rounded = rounded.scale() < 2 ? rounded.setScale(2) : rounded;
    }
    return (usd < 0 ? "-$" : "$") + rounded.toPlainString();
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
