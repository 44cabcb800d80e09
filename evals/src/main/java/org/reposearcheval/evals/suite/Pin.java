package org.reposearcheval.evals.suite;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which repository a case asks about and, when pinned, at which commit: from the case's own {@code
 * repo} and {@code commit}, else the suite's ({@code suite.json}). {@code repo} is a git URL or an
 * absolute local path (a relative one was resolved against the file that gave it); absent, the case
 * asks about {@code --repo}. {@code commit} is a full or abbreviated SHA or a tag, resolved to a
 * SHA before any run; absent, the repository is used as its working tree stands (unpinned).
 */
public record Pin(Optional<String> repo, Optional<String> commit) {
  /** Neither a repository nor a commit: {@code --repo} as it stands, as before pinning existed. */
  public static final Pin NONE = new Pin(Optional.empty(), Optional.empty());

  private static final Pattern SCP_LIKE = Pattern.compile("[A-Za-z0-9._-]+@[^:/\\s]+:.*");

  public Pin {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(commit, "commit");
  }

  /** True when a commit is named: the case's tree is the same whenever and wherever it runs. */
  public boolean pinned() {
    return commit.isPresent();
  }

  /** True for {@code https://…}, {@code ssh://…}, {@code file://…} and {@code user@host:path}. */
  public static boolean isUrl(String repo) {
    return repo.contains("://") || SCP_LIKE.matcher(repo).matches();
  }

  /** {@code repo} as a file gave it: a URL as written, a path resolved against {@code base}. */
  static String resolve(String repo, Path base) {
    return isUrl(repo) ? repo : base.resolve(repo).toAbsolutePath().normalize().toString();
  }
}
