package org.reposearcheval.evals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each run's private config directory finds a `claude login` user's credentials without a copy. */
class ConfigDirTest {
  @TempDir Path home;

  @Test
  void loginCredentialsAreLinkedNotCopiedAndSurviveTheRun() throws Exception {
    Path credentials =
        Files.createDirectories(home.resolve(".claude")).resolve(".credentials.json");
    Files.writeString(credentials, "{\"token\":\"t\"}");

    Path dir;
    try (ConfigDir configDir = ConfigDir.create(Map.of("HOME", home.toString()))) {
      dir = configDir.path();
      Path linked = dir.resolve(ConfigDir.CREDENTIALS);
      assertTrue(Files.isSymbolicLink(linked));
      assertEquals(credentials, Files.readSymbolicLink(linked));
      assertFalse(dir.startsWith(home));
    }
    assertFalse(Files.exists(dir), "the private directory is removed after the run");
    assertEquals(
        "{\"token\":\"t\"}", Files.readString(credentials), "the user's file is untouched");
  }

  @Test
  void aConfiguredClaudeConfigDirIsWhereCredentialsAreFound() throws Exception {
    Path custom = Files.createDirectories(home.resolve("custom"));
    Files.writeString(custom.resolve(".credentials.json"), "{}");
    try (ConfigDir configDir =
        ConfigDir.create(Map.of("HOME", "/nonexistent", "CLAUDE_CONFIG_DIR", custom.toString()))) {
      assertTrue(Files.isSymbolicLink(configDir.path().resolve(ConfigDir.CREDENTIALS)));
    }
  }

  @Test
  void apiKeyUsersGetAnEmptyPrivateDirectory() throws Exception {
    try (ConfigDir configDir = ConfigDir.create(Map.of("HOME", home.toString()))) {
      try (var files = Files.list(configDir.path())) {
        assertEquals(0, files.count());
      }
    }
  }
}
