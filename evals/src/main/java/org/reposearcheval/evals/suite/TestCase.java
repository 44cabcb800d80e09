package org.reposearcheval.evals.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One question about a repository and what its answer must contain. {@code timeout} is the case's
 * own run timeout, when it sets one; {@code pin} the repository and commit it asks about (its own
 * or the suite's; {@link Pin#NONE} for {@code --repo} as it stands); {@code derived} the {@code
 * contains} and {@code regex} entries that need not occur in the repository's files (an answer
 * derived from them, such as a count); {@code source} is the file it was read from, and {@code
 * fingerprint} the SHA-256 of the bytes read (what {@code run.json} records to tell a changed
 * case), hashed when first asked.
 */
public record TestCase(
    String id,
    String prompt,
    Expectations expect,
    List<String> tags,
    Optional<Duration> timeout,
    Pin pin,
    List<String> derived,
    Path source,
    Fingerprint fingerprint) {

  public TestCase {
    tags = List.copyOf(tags);
    pin = pin == null ? Pin.NONE : pin;
    derived = List.copyOf(derived);
  }

  /** A case of {@code --repo} as it stands, every key to be found in it. */
  public TestCase(
      String id,
      String prompt,
      Expectations expect,
      List<String> tags,
      Optional<Duration> timeout,
      Path source,
      Fingerprint fingerprint) {
    this(id, prompt, expect, tags, timeout, Pin.NONE, List.of(), source, fingerprint);
  }

  /** This case with another fingerprint (one that also covers the commit it is pinned to). */
  public TestCase withFingerprint(Fingerprint fingerprint) {
    return new TestCase(id, prompt, expect, tags, timeout, pin, derived, source, fingerprint);
  }
}
