package org.reposearcheval.evals.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One question about the repository and what its answer must contain. {@code timeout} is the case's
 * own run timeout, when it sets one; {@code source} is the file it was read from, and {@code
 * fingerprint} the SHA-256 of the bytes read (what {@code run.json} records to tell a changed
 * case), hashed when first asked.
 */
public record TestCase(
    String id,
    String prompt,
    Expectations expect,
    List<String> tags,
    Optional<Duration> timeout,
    Path source,
    Fingerprint fingerprint) {

  public TestCase {
    tags = List.copyOf(tags);
  }
}
