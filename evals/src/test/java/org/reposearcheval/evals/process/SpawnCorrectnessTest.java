package org.reposearcheval.evals.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native way is as correct as {@link ProcessBuilder} where it could fail in ways the JDK does
 * not: a reaper that dies, a pid reused after the reap, a script without {@code #!}, a {@code
 * waitpid} error, a descriptor left open. Each test fails with the bug put back.
 */
@Timeout(120)
class SpawnCorrectnessTest {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

  @TempDir Path dir;

  private Process start(String how, List<String> command) throws IOException {
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    return how.equals("builder")
        ? Spawn.builder(command, ENV, dir, out, err).start()
        : Spawn.start(command, ENV, dir, out, err);
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "builder"})
  void anExecutableWithoutAShebangRunsUnderTheShellEitherWay(String how) throws Exception {
    Path script = dir.resolve("agent-wrapper");
    Files.writeString(script, "echo \"ran as a shell script: $1\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

    Process process = start(how, List.of(script.toString(), "first"));

    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), Files.readString(dir.resolve("err")));
    assertEquals("ran as a shell script: first\n", Files.readString(dir.resolve("out")));
  }

  @Test
  void aReaperThatDiesIsReplacedAndWhatItHeldStillEnds() throws Exception {
    assumeTrue(Spawn.usesPosixSpawn());
    Process held = start("native", List.of("sleep", "0.5"));
    Reaper.failCurrentForTest(); // its loop fails when the held process ends
    assertTrue(held.waitFor(30, TimeUnit.SECONDS), "a process the dead reaper held never ended");
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !Reaper.currentAlive());

    // Without the replacement, this one would be added to a set nobody waits on: its end would
    // be seen only at the timeout.
    Process later = start("native", List.of("sh", "-c", "exit 7"));

    assertTrue(later.waitFor(30, TimeUnit.SECONDS), "an agent after the reaper died never ended");
    assertEquals(7, later.exitValue());
    assertTrue(Reaper.currentAlive(), "a new reaper waits for the later agents");
  }

  @Test
  void aSignalThroughThePidfdNeverReachesAProcessThatWasGivenTheNumber() throws Exception {
    assumeTrue(Spawn.usesPosixSpawn());
    PosixCalls libc = PosixCalls.load();
    // The pidfd of a process that has ended and been reaped; a live victim stands for the process
    // that was given its number afterwards.
    Process first = new ProcessBuilder("sleep", "0.2").start();
    int pidfd = libc.pidfdOpen((int) first.pid());
    assertTrue(pidfd >= 0);
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    Process victim = new ProcessBuilder("sleep", "60").start();
    try {
      SpawnedProcess reused = new SpawnedProcess(libc, (int) victim.pid(), pidfd, -1);

      reused.destroyForcibly();

      assertFalse(victim.waitFor(300, TimeUnit.MILLISECONDS), "the pidfd's signal hit the victim");
      // Without a pidfd (pidfd_open refused), a process whose end was seen is never signalled by
      // its number again: the reaper's waitpid may already have given the number away.
      SpawnedProcess ended = new SpawnedProcess(libc, (int) victim.pid(), -1, -1);
      ended.ending();
      ended.destroyForcibly();
      assertFalse(victim.waitFor(300, TimeUnit.MILLISECONDS), "a seen end was signalled by number");
      // Control: the same process signalled by its number, as before, kills the victim.
      new SpawnedProcess(libc, (int) victim.pid(), -1, -1).destroyForcibly();
      assertTrue(victim.waitFor(30, TimeUnit.SECONDS), "signalling by number would be seen");
    } finally {
      victim.destroyForcibly();
      libc.close(pidfd);
    }
  }

  @Test
  void aWaitpidErrorIsAnErrorWithItsErrnoNotAKill() {
    assumeTrue(Spawn.usesPosixSpawn());
    PosixCalls libc = PosixCalls.load();
    // pid 1 is not the harness's child: ECHILD, once read as exit 137 (SIGKILL).
    IOException e = assertThrows(IOException.class, () -> libc.reap(1));
    assertTrue(e.getMessage().contains("errno 10"), e.getMessage());
    assertTrue(e.getMessage().contains("No child processes"), e.getMessage());
  }

  @Test
  void everyPidfdIsClosedOver200Agents() throws Exception {
    assumeTrue(Spawn.usesPosixSpawn());
    PosixCalls libc = PosixCalls.load();
    // Control: a pidfd left open is seen in the count.
    long before = openDescriptors();
    int control = libc.pidfdOpen((int) ProcessHandle.current().pid());
    assertEquals(before + 1, openDescriptors(), "a pidfd left open would be counted");
    libc.close(control);

    long start = openDescriptors();
    List<Process> agents = new ArrayList<>();
    for (int k = 0; k < 200; k++) {
      agents.add(start("native", List.of("true")));
    }
    for (Process agent : agents) {
      assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
      agent.getOutputStream().close();
    }
    assertEquals(start, openDescriptors(), "descriptors left open by 200 agents");
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
