package org.reposearcheval.evals.util;

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
  public static final String MASK = "***";

  /**
   * Shorter values are too likely to occur by chance to be worth masking (and too weak to hide).
   */
  private static final int MIN_LENGTH = 6;

  /** A line buffered longer than this is masked and written in parts, so memory stays bounded. */
  static final int LONG_LINE = 1 << 20;

  private final List<String> values;
  private final int longest;

  private Secrets(List<String> values) {
    this.values = values;
    this.longest = values.stream().mapToInt(String::length).max().orElse(0);
  }

  public static Secrets fromEnvironment(Map<String, String> environment) {
    return of(
        environment.entrySet().stream()
            .filter(e -> looksSecret(e.getKey()))
            .map(Map.Entry::getValue)
            .toList());
  }

  /**
   * These secrets and {@code more}, masked whatever their names: a variant's own {@code env}
   * values, which may hold a key under any name.
   */
  public Secrets with(java.util.Collection<String> more) {
    List<String> all = new java.util.ArrayList<>(values);
    all.addAll(more);
    return of(all);
  }

  private static Secrets of(List<String> candidates) {
    return new Secrets(
        candidates.stream()
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
        // AUGMENT_SESSION_AUTH holds the Augment CLI's access token.
        || upper.endsWith("_AUTH")
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
    return new MaskingStream(out);
  }

  /** Masks whole lines; a line longer than {@link #LONG_LINE} is masked and written in parts. */
  private final class MaskingStream extends FilterOutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    MaskingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      int start = offset;
      for (int i = offset; i < offset + length; i++) {
        if (bytes[i] == '\n') {
          line.write(bytes, start, i + 1 - start);
          writeMasked(line.toString(StandardCharsets.UTF_8));
          line.reset();
          start = i + 1;
        }
      }
      line.write(bytes, start, offset + length - start);
      if (line.size() > LONG_LINE) {
        writeLongLinePart();
      }
    }

    /**
     * Masks the buffered part of a very long line and writes all of it but a tail longer than any
     * secret, so a secret cut by the buffer's end is masked with the rest of the line. It is cut at
     * an ASCII byte so no character is split.
     */
    private void writeLongLinePart() throws IOException {
      byte[] buffered = line.toByteArray();
      int cut = buffered.length - 1;
      while (cut > 0 && buffered[cut] < 0) {
        cut--;
      }
      String masked = mask(new String(buffered, 0, cut, StandardCharsets.UTF_8));
      int keep = Math.min(masked.length(), longest);
      writeMasked(masked.substring(0, masked.length() - keep));
      line.reset();
      line.write(masked.substring(masked.length() - keep).getBytes(StandardCharsets.UTF_8));
      line.write(buffered, cut, buffered.length - cut);
    }

    private void writeMasked(String text) throws IOException {
      out.write(mask(text).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
      writeMasked(line.toString(StandardCharsets.UTF_8));
      line.reset();
      super.close();
    }
  }

  /**
   * Masks the secrets in a file written by someone else (an agent's stdout, which goes straight to
   * its file): rewritten, and moved over the original, only when a secret occurs in it.
   *
   * @return whether the file was rewritten
   */
  public boolean maskFile(java.nio.file.Path file) throws IOException {
    if (values.isEmpty() || !occursIn(file)) {
      return false;
    }
    java.nio.file.Path masked = file.resolveSibling(file.getFileName() + ".masking");
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file);
        OutputStream out = maskingLines(java.nio.file.Files.newOutputStream(masked))) {
      in.transferTo(out);
    }
    java.nio.file.Files.move(
        masked,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  /** Whether any secret's bytes occur in {@code file}, read once in blocks. */
  private boolean occursIn(java.nio.file.Path file) throws IOException {
    List<byte[]> needles = values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList();
    int overlap = needles.stream().mapToInt(n -> n.length).max().orElse(1) - 1;
    byte[] buffer = new byte[(64 << 10) + overlap];
    int kept = 0;
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      for (int n; (n = in.readNBytes(buffer, kept, buffer.length - kept)) > 0; ) {
        int length = kept + n;
        for (byte[] needle : needles) {
          if (indexOf(buffer, length, needle) >= 0) {
            return true;
          }
        }
        // A secret cut by the block's end is found with the next block.
        kept = Math.min(overlap, length);
        System.arraycopy(buffer, length - kept, buffer, 0, kept);
      }
    }
    return false;
  }

  private static int indexOf(byte[] haystack, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
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
