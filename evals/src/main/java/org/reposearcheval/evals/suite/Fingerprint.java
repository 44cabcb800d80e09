package org.reposearcheval.evals.suite;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What {@code run.json} records of a case to tell a changed one on {@code --resume}: the SHA-256 of
 * the bytes the case was parsed from, in hex. It is hashed when first asked, not as the case loads:
 * hashing thousands of case files in a JVM just started (the digest runs interpreted until C1 has
 * compiled it) was a fifth of the time before the first agent, and a new run asks for it on the
 * thread that writes {@code run.json} beside the first runs.
 */
public final class Fingerprint {
  /** The case file's bytes until hashed; then null. */
  private byte[] content;

  private String hex;

  private Fingerprint(byte[] content, String hex) {
    this.content = content;
    this.hex = hex;
  }

  /** The fingerprint of {@code content}, which it keeps (unchanged, uncopied) until hashed. */
  public static Fingerprint of(byte[] content) {
    return new Fingerprint(content, null);
  }

  /** A fingerprint already known by its hex digits. */
  public static Fingerprint ofHex(String hex) {
    return new Fingerprint(null, hex);
  }

  /**
   * A fingerprint of this one and {@code commit}: a pinned case is another case when its commit
   * moves, though its file is the same (a tag moved, or {@code suite.json} names another commit).
   */
  public Fingerprint withCommit(String commit) {
    return Fingerprint.of(
        (hex() + "\ncommit " + commit).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The SHA-256 in lowercase hex, hashed on the first call. */
  public synchronized String hex() {
    if (hex == null) {
      hex = sha256(content);
      content = null;
    }
    return hex;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint other && hex().equals(other.hex());
  }

  @Override
  public int hashCode() {
    return hex().hashCode();
  }

  @Override
  public String toString() {
    return hex();
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
