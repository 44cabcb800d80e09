package org.reposearcheval.evals.agent;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the last {@code limit} bytes written: enough stderr to explain a failure, never more. */
final class TailBuffer extends OutputStream {
  private final byte[] ring;
  private long written;

  TailBuffer(int limit) {
    ring = new byte[limit];
  }

  @Override
  public synchronized void write(int b) {
    ring[(int) (written++ % ring.length)] = (byte) b;
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = 0; i < length; i++) {
      write(bytes[offset + i]);
    }
  }

  synchronized String text() {
    int size = (int) Math.min(written, ring.length);
    byte[] tail = new byte[size];
    int start = (int) ((written - size) % ring.length);
    for (int i = 0; i < size; i++) {
      tail[i] = ring[(start + i) % ring.length];
    }
    return new String(tail, StandardCharsets.UTF_8).strip();
  }
}
