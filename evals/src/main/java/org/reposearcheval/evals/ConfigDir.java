package org.reposearcheval.evals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A private Claude Code config directory for one run: concurrent runs sharing one are known to
 * corrupt it. Users signed in with {@code claude login} keep working because their credentials file
 * is linked in, never copied, and the directory lives in the temp dir, never in the output.
 */
final class ConfigDir implements AutoCloseable {
  static final String CREDENTIALS = ".credentials.json";

  private final Path path;

  private ConfigDir(Path path) {
    this.path = path;
  }

  static ConfigDir create(Map<String, String> environment) throws IOException {
    Path dir = Files.createTempDirectory("repo-search-eval-claude-");
    Path credentials = userConfigDir(environment).resolve(CREDENTIALS);
    if (Files.isRegularFile(credentials)) {
      Files.createSymbolicLink(dir.resolve(CREDENTIALS), credentials);
    }
    return new ConfigDir(dir);
  }

  /** Where the user's own Claude Code keeps its configuration. */
  static Path userConfigDir(Map<String, String> environment) {
    String configured = environment.get("CLAUDE_CONFIG_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".claude");
  }

  Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    FileTrees.delete(path);
  }
}
