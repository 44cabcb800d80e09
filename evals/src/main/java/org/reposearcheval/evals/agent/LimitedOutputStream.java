package org.reposearcheval.evals.agent;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Passes at most {@code limit} bytes on, then drops the rest and signals {@code overflow}: an agent
 * that prints without end is stopped instead of filling the disk.
 */
final class LimitedOutputStream extends FilterOutputStream {
  private final long limit;
  private final CompletableFuture<Void> overflow;
  private long written;

  LimitedOutputStream(OutputStream out, long limit, CompletableFuture<Void> overflow) {
    super(out);
    this.limit = limit;
    this.overflow = overflow;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    long room = limit - written;
    if (length > room) {
      overflow.complete(null);
    }
    int passed = (int) Math.max(0, Math.min(length, room));
    if (passed > 0) {
      out.write(bytes, offset, passed);
    }
    written += length;
  }
}
