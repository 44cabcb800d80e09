package org.reposearcheval.evals.suite;

/**
 * The tree a case was asked about, as run.json and report.json record it: {@code repo} (a URL or an
 * absolute path), and, for a pinned case, {@code ref} as the case or suite wrote it (a SHA or a
 * tag), the {@code commit} it resolved to and that commit's {@code tree} (git's tree SHA: the same
 * files give the same tree). All three are null for an unpinned case, asked about {@code repo} as
 * its working tree stood.
 */
public record CaseTree(String repo, String ref, String commit, String tree) {
  public boolean pinned() {
    return commit != null;
  }

  /** {@code repo@commit} (12 digits) or {@code repo (unpinned)}. */
  public String describe() {
    return pinned()
        ? repo + "@" + commit.substring(0, Math.min(12, commit.length()))
        : repo + " (unpinned)";
  }
}
