package org.reposearcheval.evals.checkout;

import java.nio.file.Path;

/** A second harness process for {@link CheckoutsTest}: resolves a commit through a clone cache. */
public final class CacheUser {
  private CacheUser() {}

  public static void main(String[] args) throws Exception {
    RepoCache.Resolved resolved =
        new RepoCache(Path.of(args[0]), System.getenv()).resolve(args[1], args[2]);
    System.out.println(resolved.commit());
  }
}
