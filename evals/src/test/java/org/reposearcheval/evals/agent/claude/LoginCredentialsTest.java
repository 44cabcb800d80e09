package org.reposearcheval.evals.agent.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.FakeAgent;
import org.reposearcheval.evals.TestJobs;
import org.reposearcheval.evals.agent.AgentSolver;
import org.reposearcheval.evals.process.ChildJvm;
import org.reposearcheval.evals.run.Job;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * A token Claude Code refreshes inside a run reaches the user's own {@code .credentials.json}:
 * atomically, under a lock, never older over newer, and still private (0600).
 */
class LoginCredentialsTest {
  private static final String OLD_TOKEN = "sk-ant-oat01-old-token-0123456789";
  private static final String NEW_TOKEN = "sk-ant-oat01-refreshed-token-0123456789";
  private static final long NOW = Instant.now().toEpochMilli();

  @TempDir Path dir;

  /** The user's config directory with a signed-in {@code .credentials.json}. */
  private Path signedIn(String accessToken, long expiresAt) throws IOException {
    Path config = Files.createDirectories(dir.resolve("user-config"));
    Path file = config.resolve(LoginCredentials.FILE);
    Files.writeString(
        file,
        """
        {"claudeAiOauth":{"accessToken":"%s","refreshToken":"%s-refresh","expiresAt":%d,\
        "scopes":["user:inference"],"subscriptionType":"max"},"mcpOAuth":{"repo":{"kept":true}}}\
        """
            .formatted(accessToken, accessToken, expiresAt));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** A run's copy where Claude Code renamed its own file over the link, as it does on refresh. */
  private Path refreshedCopy(String name, String accessToken, long expiresAt) throws IOException {
    Path runDir = Files.createDirectories(dir.resolve(name));
    Path copy = runDir.resolve(LoginCredentials.FILE);
    Files.writeString(
        copy,
        "{\"claudeAiOauth\":{\"accessToken\":\"%s\",\"expiresAt\":%d}}"
            .formatted(accessToken, expiresAt));
    return copy;
  }

  private static JsonNode read(Path file) throws IOException {
    return Json.MAPPER.readTree(Files.readString(file));
  }

  private static String accessToken(Path file) throws IOException {
    return read(file).path("claudeAiOauth").path("accessToken").asString();
  }

  @Test
  @Timeout(60)
  void aTokenTheAgentRefreshedReachesTheUsersFileAndAnOlderOneNeverOverwritesIt() throws Exception {
    Path users = signedIn(OLD_TOKEN, NOW + 60_000);
    FakeAgent agent = new FakeAgent(dir);
    Map<String, String> env = new HashMap<>(agent.environment());
    env.put("CLAUDE_CONFIG_DIR", users.getParent().toString());
    try (AgentSolver solver = agent.solver(Duration.ofSeconds(30), env)) {
      long refreshedExpiry = NOW + 8 * 3_600_000;
      RunResult refreshed =
          solver.solve(
              new Job(
                  0,
                  TestJobs.testCase(
                      "refresh",
                      "refresh=" + NEW_TOKEN + ":" + refreshedExpiry + " answer=ok",
                      "ok"),
                  Arm.withoutMcp(),
                  1));

      assertEquals(RunStatus.PASSED, refreshed.status(), refreshed.error());
      assertEquals(NEW_TOKEN, accessToken(users), "the refreshed token is in the user's file");
      assertEquals(refreshedExpiry, read(users).path("claudeAiOauth").path("expiresAt").asLong());
      assertTrue(read(users).path("mcpOAuth").path("repo").path("kept").asBoolean());
      assertFalse(Files.isSymbolicLink(users));
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));

      RunResult older =
          solver.solve(
              new Job(
                  1,
                  TestJobs.testCase(
                      "stale",
                      "refresh=" + OLD_TOKEN + ":" + (NOW + 3_600_000) + " answer=ok",
                      "ok"),
                  Arm.withoutMcp(),
                  1));

      assertEquals(RunStatus.PASSED, older.status(), older.error());
      assertEquals(NEW_TOKEN, accessToken(users), "an older token never overwrites a newer one");
      assertEquals(List.of(), solver.warnings());
    }
  }

  @Test
  void aRunWhoseLinkIsIntactLeavesTheUsersFileAlone() throws Exception {
    Path users = signedIn(OLD_TOKEN, NOW);
    Path runDir = Files.createDirectories(dir.resolve("run"));
    Path link = Files.createSymbolicLink(runDir.resolve(LoginCredentials.FILE), users);
    String before = Files.readString(users);

    assertEquals(
        LoginCredentials.CarryBack.NOTHING_REFRESHED, new LoginCredentials(users).carryBack(link));
    assertEquals(before, Files.readString(users));
  }

  @Test
  void aUserWhoSignedOutMeanwhileStaysSignedOut() throws Exception {
    Path users = signedIn(OLD_TOKEN, NOW);
    Path copy = refreshedCopy("run", NEW_TOKEN, NOW + 1);
    Files.delete(users);

    assertEquals(LoginCredentials.CarryBack.NO_TOKEN, new LoginCredentials(users).carryBack(copy));
    assertFalse(Files.exists(users));
  }

  @Test
  void aRunThatLostItsLoginCannotSignTheUserOut() throws Exception {
    Path users = signedIn(OLD_TOKEN, NOW);
    Path copy = dir.resolve("run.json");
    Files.writeString(copy, "{}");

    assertEquals(LoginCredentials.CarryBack.NO_TOKEN, new LoginCredentials(users).carryBack(copy));
    assertEquals(OLD_TOKEN, accessToken(users));
  }

  @Test
  void aLinkTheUserMadeToTheirCredentialsStaysALinkAndTheFileBehindItIsUpdated() throws Exception {
    Path real = signedIn(OLD_TOKEN, NOW);
    Path dotfiles = Files.createDirectories(dir.resolve("dotfiles"));
    Path users = Files.createSymbolicLink(dotfiles.resolve(LoginCredentials.FILE), real);

    assertEquals(
        LoginCredentials.CarryBack.CARRIED,
        new LoginCredentials(users).carryBack(refreshedCopy("run", NEW_TOKEN, NOW + 1)));
    assertTrue(Files.isSymbolicLink(users));
    assertEquals(NEW_TOKEN, accessToken(real));
  }

  @Test
  @Timeout(60)
  void concurrentCarryBacksLeaveTheLatestTokenWhateverTheOrder() throws Exception {
    Path users = signedIn(OLD_TOKEN, NOW);
    List<Path> copies = new ArrayList<>();
    for (int i = 1; i <= 16; i++) {
      copies.add(refreshedCopy("run-" + i, "token-" + i, NOW + i));
    }
    List<Future<LoginCredentials.CarryBack>> done = new ArrayList<>();
    ExecutorService harnesses = Executors.newFixedThreadPool(8);
    try {
      for (Path copy : copies.reversed()) {
        // Each its own instance, as each harness (or pool) would have.
        done.add(harnesses.submit(() -> new LoginCredentials(users).carryBack(copy)));
      }
      for (Future<LoginCredentials.CarryBack> carried : done) {
        carried.get(30, TimeUnit.SECONDS);
      }
    } finally {
      harnesses.shutdownNow();
    }

    assertEquals("token-16", accessToken(users));
    assertEquals(NOW + 16, read(users).path("claudeAiOauth").path("expiresAt").asLong());
  }

  @Test
  @Timeout(120)
  void aCarryBackWaitsWhileAnotherProcessHoldsTheLock() throws Exception {
    Path users = signedIn(OLD_TOKEN, NOW);
    Path lock = users.resolveSibling(LoginCredentials.LOCK);
    Process holder = ChildJvm.running(LockHolder.class, List.of(), lock.toString()).start();
    try {
      BufferedReader said =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals(
          "locked", CompletableFuture.supplyAsync(() -> readLine(said)).get(60, TimeUnit.SECONDS));

      CompletableFuture<LoginCredentials.CarryBack> carried =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new LoginCredentials(users)
                      .carryBack(refreshedCopy("run", NEW_TOKEN, NOW + 1));
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });

      assertThrows(TimeoutException.class, () -> carried.get(1, TimeUnit.SECONDS));
      assertEquals(OLD_TOKEN, accessToken(users), "nothing written while the lock is held");

      holder.getOutputStream().close();
      assertEquals(LoginCredentials.CarryBack.CARRIED, carried.get(20, TimeUnit.SECONDS));
      assertEquals(NEW_TOKEN, accessToken(users));
    } finally {
      holder.destroyForcibly();
      holder.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void expiresAtIsReadOnlyFromANumber() throws Exception {
    assertEquals(
        7L,
        LoginCredentials.expiresAt(Json.MAPPER.readTree("{\"claudeAiOauth\":{\"expiresAt\":7}}"))
            .orElseThrow());
    assertTrue(
        LoginCredentials.expiresAt(
                Json.MAPPER.readTree("{\"claudeAiOauth\":{\"expiresAt\":\"7\"}}"))
            .isEmpty());
    assertTrue(LoginCredentials.expiresAt(Json.MAPPER.readTree("{}")).isEmpty());
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Another harness: holds the credentials lock until its stdin closes. */
  static final class LockHolder {
    public static void main(String[] args) throws IOException {
      try (FileChannel channel =
              FileChannel.open(
                  Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        System.out.println("locked");
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream());
      }
    }
  }
}
