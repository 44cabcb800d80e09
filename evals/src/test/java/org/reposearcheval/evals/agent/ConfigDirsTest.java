package org.reposearcheval.evals.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    try (ConfigDirs dirs = new ConfigDirs(Map.of("HOME", home.toString()));
        ConfigDirs.Lease lease = dirs.acquire()) {
      dir = lease.path();
      Path linked = dir.resolve(ConfigDirs.CREDENTIALS);
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
            new ConfigDirs(Map.of("HOME", "/nonexistent", "CLAUDE_CONFIG_DIR", custom.toString()));
        ConfigDirs.Lease lease = dirs.acquire()) {
      assertTrue(Files.isSymbolicLink(lease.path().resolve(ConfigDirs.CREDENTIALS)));
    }
  }

  @Test
  void apiKeyUsersGetAnEmptyPrivateDirectory() throws Exception {
    try (ConfigDirs dirs = new ConfigDirs(Map.of("HOME", home.toString()));
        ConfigDirs.Lease lease = dirs.acquire()) {
      assertEquals(List.of(), entries(lease.path()));
    }
  }

  @Test
  void runsInFlightHaveTheirOwnAndAReusedOneIsEmptiedButForTheLink() throws Exception {
    Path credentials = credentials();
    try (ConfigDirs dirs = new ConfigDirs(Map.of("HOME", home.toString()))) {
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
        assertEquals(List.of(ConfigDirs.CREDENTIALS), entries(again.path()));
        assertEquals(
            credentials, Files.readSymbolicLink(again.path().resolve(".credentials.json")));
      }
    }
  }

  @Test
  void aReusedDirectoryKeepsItsTmpEmptied() throws Exception {
    try (ConfigDirs dirs = new ConfigDirs(Map.of("HOME", home.toString()))) {
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
    try (ConfigDirs dirs = new ConfigDirs(Map.of("HOME", home.toString()))) {
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
        assertTrue(Files.isSymbolicLink(retry.path().resolve(ConfigDirs.CREDENTIALS)));
        assertFalse(List.of(idleDir, otherDir).contains(retry.path()));
      }
    }
    assertEquals(
        "{\"token\":\"t\"}", Files.readString(credentials), "the user's file is untouched");
  }

  @Test
  void aCredentialsFileARunLeftInPlaceOfTheLinkIsLinkedAgain() throws Exception {
    Path credentials = credentials();
    try (ConfigDirs dirs = new ConfigDirs(Map.of("HOME", home.toString()))) {
      try (ConfigDirs.Lease lease = dirs.acquire()) {
        Path link = lease.path().resolve(ConfigDirs.CREDENTIALS);
        Files.delete(link);
        Files.writeString(link, "{\"token\":\"written by the run\"}");
      }
      try (ConfigDirs.Lease lease = dirs.acquire()) {
        Path link = lease.path().resolve(ConfigDirs.CREDENTIALS);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(credentials, Files.readSymbolicLink(link));
      }
    }
    assertEquals("{\"token\":\"t\"}", Files.readString(credentials));
  }

  @Test
  void aPoolLeftByAHarnessKilledWithMinus9IsRemovedByTheNextOne() throws Exception {
    Path temp = Files.createDirectories(home.resolve("tmp"));
    Path abandoned = Files.createDirectories(temp.resolve(ConfigDirs.PREFIX + "1/run-1"));
    Path young = Files.createDirectories(temp.resolve(ConfigDirs.PREFIX + "2/run-1"));
    Path notAPool = Files.createDirectories(temp.resolve(ConfigDirs.PREFIX + "3/run-1"));
    Files.writeString(abandoned.resolveSibling(ConfigDirs.LOCK), "");
    Files.writeString(young.resolveSibling(ConfigDirs.LOCK), "");
    Files.setLastModifiedTime(
        abandoned.resolveSibling(ConfigDirs.LOCK),
        FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

    ConfigDirs.removeAbandoned(temp);

    assertFalse(Files.exists(abandoned.getParent()), "unlocked and old: its owner is gone");
    assertTrue(Files.exists(young), "its owner may not have locked it yet");
    assertTrue(Files.exists(notAPool), "no lock file: not ours to judge");
  }

  @Test
  void aLivePoolIsNeverRemovedHoweverOld() throws Exception {
    try (ConfigDirs dirs = new ConfigDirs(Map.of("HOME", home.toString()));
        ConfigDirs.Lease lease = dirs.acquire()) {
      Path pool = lease.path().getParent();
      Files.setLastModifiedTime(
          pool.resolve(ConfigDirs.LOCK), FileTime.from(Instant.now().minus(Duration.ofHours(1))));

      ConfigDirs.removeAbandoned(pool.getParent());

      assertTrue(Files.isDirectory(lease.path()));
    }
  }

  private static List<String> entries(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
