package org.reposearcheval.evals.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.reposearcheval.evals.score.Averages;
import org.reposearcheval.evals.score.Numbers;
import org.reposearcheval.evals.score.Summary;

/** The report's charts as inline SVG: no script, no font or style loaded from anywhere. */
final class SvgCharts {
  private static final int WIDTH = 960;
  private static final int LEFT = 150;
  private static final int RIGHT = 70;
  private static final int ROW = 40;
  private static final int TOP = 12;
  private static final int AXIS = 28;

  private SvgCharts() {}

  /** Pass rate per arm as a bar with its 95% interval as a whisker. */
  static String passRates(
      List<String> arms, Map<String, Summary.ArmSummary> byArm, Function<String, String> colour) {
    int height = TOP + ROW * arms.size() + AXIS;
    StringBuilder svg = open(height, "Pass rate per mode with its 95% interval");
    axis(svg, height, 1.0, v -> Numbers.percent(v));
    for (int i = 0; i < arms.size(); i++) {
      Summary.ArmSummary s = byArm.get(arms.get(i));
      double y = TOP + ROW * i + ROW / 2.0;
      label(svg, arms.get(i), y);
      if (s == null || s.passRate() == null) {
        svg.append(text(LEFT + 6, y + 4, "no verdict", "muted", "start"));
        continue;
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"16\" rx=\"3\" fill=\"%s\""
                  + " fill-opacity=\"0.8\"><title>%s: %s</title></rect>",
              LEFT,
              y - 8,
              x(s.passRate(), 1.0) - LEFT,
              colour.apply(arms.get(i)),
              Html.escape(arms.get(i)),
              Numbers.percent(s.passRate())));
      if (s.passRateCiLow() != null) {
        double low = x(s.passRateCiLow(), 1.0);
        double high = x(s.passRateCiHigh(), 1.0);
        svg.append(line(low, y, high, y, "whisker"))
            .append(line(low, y - 7, low, y + 7, "whisker"))
            .append(line(high, y - 7, high, y + 7, "whisker"));
      }
      svg.append(text(WIDTH - RIGHT + 8, y + 4, Numbers.percent(s.passRate()), "value", "start"));
    }
    return svg.append("</svg>").toString();
  }

  /**
   * One dot per run and a bar at the median, a row per arm: shows the spread, not just the centre.
   */
  static String strip(
      String title,
      List<String> arms,
      Map<String, double[]> values,
      Function<Double, String> format,
      Function<String, String> colour) {
    return strip(
        title,
        arms,
        values,
        new Format(
            format,
            all -> all.stream().map(format).toList(),
            all -> all.stream().map(format).toList(),
            arm -> "no run answered"),
        colour);
  }

  /**
   * How a strip chart prints its numbers: {@code one} a run's value, {@code ticks} the axis ticks
   * and {@code medians} the arms' medians, each list at once so that different values never print
   * alike, and {@code empty} what an arm without a value says.
   */
  record Format(
      Function<Double, String> one,
      Function<List<Double>, List<String>> ticks,
      Function<List<Double>, List<String>> medians,
      Function<String, String> empty) {}

  static String strip(
      String title,
      List<String> arms,
      Map<String, double[]> values,
      Format format,
      Function<String, String> colour) {
    double max = values.values().stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(0);
    double scale = niceCeiling(max);
    int height = TOP + ROW * arms.size() + AXIS;
    StringBuilder svg = open(height, title);
    List<Double> ticks = new java.util.ArrayList<>();
    for (int t = 0; t <= 4; t++) {
      ticks.add(scale * t / 4);
    }
    axis(svg, height, scale, ticks, format.ticks().apply(ticks));
    List<Double> medians =
        arms.stream().map(a -> Averages.median(values.getOrDefault(a, new double[0]))).toList();
    List<String> medianText = format.medians().apply(medians);
    for (int i = 0; i < arms.size(); i++) {
      double y = TOP + ROW * i + ROW / 2.0;
      label(svg, arms.get(i), y);
      double[] row = values.getOrDefault(arms.get(i), new double[0]);
      for (int j = 0; j < row.length; j++) {
        // A small vertical jitter, the same every time, keeps equal values visible.
        double jitter = ((j * 7) % 5 - 2) * 2.5;
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\""
                    + " fill-opacity=\"0.55\"><title>%s</title></circle>",
                x(row[j], scale),
                y + jitter,
                colour.apply(arms.get(i)),
                Html.escape(format.one().apply(row[j]))));
      }
      Double median = medians.get(i);
      if (median != null) {
        double m = x(median, scale);
        svg.append(line(m, y - 12, m, y + 12, "median"));
        svg.append(text(WIDTH - RIGHT + 8, y + 4, medianText.get(i), "value", "start"));
      } else {
        svg.append(text(LEFT + 6, y + 4, format.empty().apply(arms.get(i)), "muted", "start"));
      }
    }
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(int height, String title) {
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\""
                + " xmlns=\"http://www.w3.org/2000/svg\"><title>%s</title>",
            WIDTH,
            height,
            WIDTH,
            height,
            Html.escape(title)));
  }

  private static void axis(
      StringBuilder svg, int height, double scale, Function<Double, String> format) {
    List<Double> ticks = new java.util.ArrayList<>();
    for (int t = 0; t <= 4; t++) {
      ticks.add(scale * t / 4);
    }
    axis(svg, height, scale, ticks, ticks.stream().map(format).toList());
  }

  private static void axis(
      StringBuilder svg, int height, double scale, List<Double> ticks, List<String> labels) {
    int bottom = height - AXIS;
    for (int t = 0; t < ticks.size(); t++) {
      double x = x(ticks.get(t), scale);
      svg.append(line(x, TOP - 4, x, bottom, "grid"));
      svg.append(text(x, bottom + 16, labels.get(t), "tick", "middle"));
    }
  }

  private static void label(StringBuilder svg, String arm, double y) {
    svg.append(text(LEFT - 10, y + 4, arm, "label", "end"));
  }

  private static double x(double value, double scale) {
    return LEFT + (scale == 0 ? 0 : value / scale) * (WIDTH - LEFT - RIGHT);
  }

  /** 1, 2, 2.5 or 5 times a power of ten, at least {@code max}: axis ticks at round numbers. */
  static double niceCeiling(double max) {
    if (max <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * power >= max) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static String line(double x1, double y1, double x2, double y2, String css) {
    return "<line "
        + at("x1", x1, "y1", y1)
        + " "
        + at("x2", x2, "y2", y2)
        + " class=\""
        + css
        + "\"/>";
  }

  private static String text(double x, double y, String text, String css, String anchor) {
    return "<text "
        + at("x", x, "y", y)
        + " class=\""
        + css
        + "\" text-anchor=\""
        + anchor
        + "\">"
        + Html.escape(text)
        + "</text>";
  }

  /** A point as two attributes, to a tenth: {@code x="12.5" y="40.0"}. */
  private static String at(String xName, double x, String yName, double y) {
    return String.format(Locale.ROOT, "%s=\"%.1f\" %s=\"%.1f\"", xName, x, yName, y);
  }
}
