package org.reposearcheval.evals.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.reposearcheval.evals.util.InvalidInputException;
import tools.jackson.databind.JsonNode;

/**
 * {@code suite.json} beside the cases: what every case of the suite asks about unless it says
 * otherwise. {@code repo} (a git URL, or a path relative to this file) and {@code commit} (a SHA or
 * a tag) are the cases' default {@link Pin}; {@code git} says whether the agents see the
 * repository's history ({@code .git}) in their checkout: false by default, so an agent cannot look
 * the answer up in a later commit or in the suite's own history.
 */
public record SuiteFile(Optional<Path> file, Pin pin, boolean git) {
  public static final String NAME = "suite.json";

  /** No suite.json: cases pin themselves or ask about {@code --repo}. */
  public static final SuiteFile NONE = new SuiteFile(Optional.empty(), Pin.NONE, false);

  private static final Set<String> FIELDS = Set.of("$schema", "repo", "commit", "git");

  /** {@code dir/suite.json}, or {@link #NONE} when there is none. */
  public static SuiteFile load(Path dir) {
    Path file = dir.resolve(NAME);
    if (!Files.exists(file)) {
      return NONE;
    }
    JsonNode root = JsonFields.read(file, "suite");
    if (root == null || !root.isObject()) {
      throw new InvalidInputException(file, null, "must be a JSON object");
    }
    JsonFields.rejectUnknown(file, root, FIELDS, "");
    Path base = file.toAbsolutePath().getParent();
    Optional<String> repo =
        JsonFields.optionalString(file, root, "repo").map(r -> Pin.resolve(r, base));
    Optional<String> commit = JsonFields.optionalString(file, root, "commit");
    JsonNode git = root.get("git");
    if (git != null && !git.isBoolean()) {
      throw new InvalidInputException(file, "git", "must be true or false");
    }
    return new SuiteFile(Optional.of(file), new Pin(repo, commit), git != null && git.asBoolean());
  }
}
