package org.reposearcheval.evals.util;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Lines of a reader, each at most {@code max} characters: a longer one is skipped as it is read,
 * never held, and returned as {@link #TOO_LONG}. A source known to be no longer than {@code max}
 * characters is read with {@link BufferedReader#readLine}, which is quicker.
 */
public final class BoundedLines {
  public static final String TOO_LONG = new String("(line too long)");

  private final BufferedReader in;
  private final int max;
  private final boolean fits;
  private final char[] buffer = new char[8192];
  private int position;
  private int end;

  /** {@code sizeBytes}: the source's size if known, else {@link Long#MAX_VALUE}. */
  public BoundedLines(BufferedReader in, int max, long sizeBytes) {
    this.in = in;
    this.max = max;
    // UTF-8 never has fewer bytes than characters.
    this.fits = sizeBytes <= max;
  }

  /** The next line without its line feed, {@link #TOO_LONG}, or null at the end. */
  public String next() throws IOException {
    if (fits) {
      return in.readLine();
    }
    StringBuilder line = new StringBuilder();
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (position == end) {
        end = Math.max(0, in.read(buffer));
        position = 0;
        if (end == 0) {
          return !any ? null : tooLong ? TOO_LONG : line.toString();
        }
      }
      any = true;
      int stop = position;
      while (stop < end && buffer[stop] != '\n') {
        stop++;
      }
      if (!tooLong && line.length() + (stop - position) > max) {
        tooLong = true;
        line = new StringBuilder();
      }
      if (!tooLong) {
        line.append(buffer, position, stop - position);
      }
      if (stop < end) {
        position = stop + 1;
        return tooLong ? TOO_LONG : line.toString();
      }
      position = end;
    }
  }
}
