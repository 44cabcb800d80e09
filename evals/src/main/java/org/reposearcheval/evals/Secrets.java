package org.reposearcheval.evals;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Masks the values of credential-like environment variables ({@code *_KEY}, {@code *_TOKEN}, {@code
 * *SECRET*}, {@code *PASSWORD*}) in text the harness writes: reports, errors, console lines.
 */
public final class Secrets {
  static final String MASK = "***";

  /**
   * Shorter values are too likely to occur by chance to be worth masking (and too weak to hide).
   */
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

  /**
   * A stream that writes line by line to {@code out} with secrets masked; {@code out} itself when
   * there is no secret to mask. Closing it writes a last unfinished line and closes {@code out}.
   */
  public OutputStream maskingLines(OutputStream out) {
    if (values.isEmpty()) {
      return out;
    }
    return new FilterOutputStream(out) {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
          flushLine();
        }
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
          if (bytes[i] == '\n') {
            line.write(bytes, start, i + 1 - start);
            flushLine();
            start = i + 1;
          }
        }
        line.write(bytes, start, offset + length - start);
      }

      private void flushLine() throws IOException {
        out.write(mask(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        line.reset();
      }

      @Override
      public void close() throws IOException {
        flushLine();
        super.close();
      }
    };
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
