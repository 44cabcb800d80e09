package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.agent.claude.ClaudeCode;
import org.reposearcheval.evals.agent.claude.LoginCredentials;

/**
 * Each run in flight has a private config directory that finds a `claude login` user's credentials
 * without a copy; a reused directory is as empty as a new one.
 */
class ConfigDirsTest {
  @TempDir Path home;

  private Path credentials() throws Exception {
    Path credentials =
        Files.createDirectories(home.resolve(".claude")).resolve(".credentials.json");
    Files.writeString(credentials, "{\"token\":\"t\"}");
    return credentials;
  }

  @Test
  void loginCredentialsAreLinkedNotCopiedAndSurviveThePool() throws Exception {
    Path credentials = credentials();
    Path dir;
    try (ConfigDirs dirs = claude(Map.of("HOME", home.toString()));
        ConfigDirs.Lease lease = dirs.acquire()) {
      dir = lease.path();
      Path linked = dir.resolve(LoginCredentials.FILE);
      assertTrue(Files.isSymbolicLink(linked));
      assertEquals(credentials, Files.readSymbolicLink(linked));
      assertFalse(dir.startsWith(home));
    }
    assertFalse(Files.exists(dir), "the private directory is removed with the pool");
    assertEquals(
        "{\"token\":\"t\"}", Files.readString(credentials), "the user's file is untouched");
  }

  @Test
  void aConfiguredClaudeConfigDirIsWhereCredentialsAreFound() throws Exception {
    Path custom = Files.createDirectories(home.resolve("custom"));
    Files.writeString(custom.resolve(".credentials.json"), "{}");
    try (ConfigDirs dirs =
            claude(Map.of("HOME", "/nonexistent", "CLAUDE_CONFIG_DIR", custom.toString()));
        ConfigDirs.Lease lease = dirs.acquire()) {
      assertTrue(Files.isSymbolicLink(lease.path().resolve(LoginCredentials.FILE)));
    }
  }

  @Test
  void apiKeyUsersGetAnEmptyPrivateDirectory() throws Exception {
    try (ConfigDirs dirs = claude(Map.of("HOME", home.toString()));
        ConfigDirs.Lease lease = dirs.acquire()) {
      assertEquals(List.of(), entries(lease.path()));
    }
  }

  @Test
  void runsInFlightHaveTheirOwnAndAReusedOneIsEmptiedButForTheLink() throws Exception {
    Path credentials = credentials();
    try (ConfigDirs dirs = claude(Map.of("HOME", home.toString()))) {
      Path first;
      try (ConfigDirs.Lease a = dirs.acquire();
          ConfigDirs.Lease b = dirs.acquire()) {
        first = a.path();
        assertNotEquals(a.path(), b.path());
        Files.writeString(a.path().resolve(".claude.json"), "{\"projects\":{}}");
        Files.createDirectories(a.path().resolve("todos/deep"));
        Files.writeString(a.path().resolve("todos/deep/t.json"), "[]");
        Files.createSymbolicLink(a.path().resolve("dangling"), home.resolve("nothing-here"));
      }
      try (ConfigDirs.Lease again = dirs.acquire()) {
        assertEquals(first, again.path(), "the directory last handed back is reused first");
        assertEquals(List.of(LoginCredentials.FILE), entries(again.path()));
        assertEquals(
            credentials, Files.readSymbolicLink(again.path().resolve(".credentials.json")));
      }
    }
  }

  @Test
  void aReusedDirectoryKeepsItsTmpEmptied() throws Exception {
    try (ConfigDirs dirs = claude(Map.of("HOME", home.toString()))) {
      Path tmp;
      try (ConfigDirs.Lease a = dirs.acquire()) {
        tmp = Files.createDirectories(a.path().resolve(ConfigDirs.TMP));
        Files.createDirectories(tmp.resolve("codex-daemon/sock"));
        Files.writeString(tmp.resolve("augment-log.txt"), "log");
      }
      Object before = Files.readAttributes(tmp, "unix:ino").get("ino");
      try (ConfigDirs.Lease again = dirs.acquire()) {
        assertEquals(List.of(ConfigDirs.TMP), entries(again.path()));
        assertEquals(List.of(), entries(again.path().resolve(ConfigDirs.TMP)));
        // The same directory, emptied: no inode allocated for it again.
        assertEquals(before, Files.readAttributes(tmp, "unix:ino").get("ino"));
      }
    }
  }

  @Test
  void onceTheLastRunsHaveStartedAHandedBackDirectoryIsRemovedNotKept() throws Exception {
    Path credentials = credentials();
    try (ConfigDirs dirs = claude(Map.of("HOME", home.toString()))) {
      ConfigDirs.Lease idle = dirs.acquire();
      Path idleDir = idle.path();
      Files.writeString(idle.stderr(), "x");
      idle.close();
      ConfigDirs.Lease last = dirs.acquire();
      assertEquals(idleDir, last.path(), "reused while more runs were to start");
      ConfigDirs.Lease other = dirs.acquire();
      Path otherDir = other.path();
      other.close(); // idle when the last runs start

      dirs.lastRunsStarted();
      assertFalse(Files.exists(otherDir), "an idle directory goes at once");
      assertTrue(Files.isDirectory(last.path()), "a directory in use stays");
      last.close();
      assertFalse(Files.exists(idleDir), "handed back, it is removed, not kept");
      assertFalse(Files.exists(last.stderr()));

      try (ConfigDirs.Lease retry = dirs.acquire()) {
        assertTrue(Files.isSymbolicLink(retry.path().resolve(LoginCredentials.FILE)));
        assertFalse(List.of(idleDir, otherDir).contains(retry.path()));
      }
    }
    assertEquals(
        "{\"token\":\"t\"}", Files.readString(credentials), "the user's file is untouched");
  }

  @Test
  void aCredentialsFileARunLeftInPlaceOfTheLinkIsLinkedAgain() throws Exception {
    Path credentials = credentials();
    try (ConfigDirs dirs = claude(Map.of("HOME", home.toString()))) {
      try (ConfigDirs.Lease lease = dirs.acquire()) {
        Path link = lease.path().resolve(LoginCredentials.FILE);
        Files.delete(link);
        Files.writeString(link, "{\"token\":\"written by the run\"}");
      }
      try (ConfigDirs.Lease lease = dirs.acquire()) {
        Path link = lease.path().resolve(LoginCredentials.FILE);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(credentials, Files.readSymbolicLink(link));
      }
    }
    assertEquals("{\"token\":\"t\"}", Files.readString(credentials));
  }

  @Test
  void aPoolLeftByAHarnessKilledWithMinus9IsRemovedByTheNextOne() throws Exception {
    Path temp = Files.createDirectories(home.resolve("tmp"));
    Path abandoned = Files.createDirectories(temp.resolve(ConfigDirs.prefix("claude") + "1/run-1"));
    Path young = Files.createDirectories(temp.resolve(ConfigDirs.prefix("claude") + "2/run-1"));
    Path notAPool = Files.createDirectories(temp.resolve(ConfigDirs.prefix("claude") + "3/run-1"));
    Files.writeString(abandoned.resolveSibling(ConfigDirs.LOCK), "");
    Files.writeString(young.resolveSibling(ConfigDirs.LOCK), "");
    Files.setLastModifiedTime(
        abandoned.resolveSibling(ConfigDirs.LOCK),
        FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

    ConfigDirs.removeAbandoned(temp, ConfigDirs.prefix("claude"));

    assertFalse(Files.exists(abandoned.getParent()), "unlocked and old: its owner is gone");
    assertTrue(Files.exists(young), "its owner may not have locked it yet");
    assertTrue(Files.exists(notAPool), "no lock file: not ours to judge");
  }

  @Test
  void aLivePoolIsNeverRemovedHoweverOld() throws Exception {
    try (ConfigDirs dirs = claude(Map.of("HOME", home.toString()));
        ConfigDirs.Lease lease = dirs.acquire()) {
      Path pool = lease.path().getParent();
      Files.setLastModifiedTime(
          pool.resolve(ConfigDirs.LOCK), FileTime.from(Instant.now().minus(Duration.ofHours(1))));

      ConfigDirs.removeAbandoned(pool.getParent(), ConfigDirs.prefix("claude"));

      assertTrue(Files.isDirectory(lease.path()));
    }
  }

  private static final String OLD_TOKEN = "sk-ant-oat01-old-token-0123456789";
  private static final String NEW_TOKEN = "sk-ant-oat01-refreshed-token-0123456789";
  private static final long NOW = Instant.now().toEpochMilli();

  @Test
  void aTokenThatCannotBeSavedIsAWarningNamingTheFileNeverQuotingIt() throws Exception {
    Path users = credentials();
    Files.writeString(
        users,
        "{\"claudeAiOauth\":{\"accessToken\":\"%s\",\"expiresAt\":%d}}".formatted(OLD_TOKEN, NOW));
    // Something unexpected in the way of the lock file.
    Files.createDirectories(users.resolveSibling(LoginCredentials.LOCK));
    try (ConfigDirs dirs = claude(Map.of("CLAUDE_CONFIG_DIR", users.getParent().toString()))) {
      try (ConfigDirs.Lease lease = dirs.acquire()) {
        Path link = lease.path().resolve(LoginCredentials.FILE);
        Path staged = lease.path().resolve(LoginCredentials.FILE + ".tmp.0badf00d");
        Files.writeString(
            staged,
            "{\"claudeAiOauth\":{\"accessToken\":\"%s\",\"expiresAt\":%d}}"
                .formatted(NEW_TOKEN, NOW + 1));
        Files.move(staged, link, StandardCopyOption.ATOMIC_MOVE);
        assertFalse(Files.isSymbolicLink(link));
      }

      List<String> warnings = dirs.warnings();
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.getFirst().contains(users.toString()), warnings.getFirst());
      assertTrue(warnings.getFirst().contains("claude login"), warnings.getFirst());
      assertFalse(warnings.getFirst().contains(NEW_TOKEN), warnings.getFirst());
      assertFalse(warnings.getFirst().contains(OLD_TOKEN), warnings.getFirst());
    }
    assertTrue(Files.readString(users).contains(OLD_TOKEN));
  }

  /** Claude Code's directories, its login found where {@code environment} says. */
  private static ConfigDirs claude(Map<String, String> environment) {
    return new ConfigDirs("claude", new ClaudeCode().credentials(environment));
  }

  private static List<String> entries(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
