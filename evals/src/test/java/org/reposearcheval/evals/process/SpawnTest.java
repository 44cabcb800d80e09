package org.reposearcheval.evals.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An agent started through {@code posix_spawnp} gets what one started through {@link
 * ProcessBuilder} gets: every case runs both ways ({@code native}: {@link Spawn#start}, which uses
 * {@code posix_spawnp} on Linux; {@code builder}: the same start through {@link ProcessBuilder}).
 */
@Timeout(60)
class SpawnTest {
  private static final boolean LINUX =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");

  @TempDir Path dir;

  private Path out() {
    return dir.resolve("out");
  }

  private Path err() {
    return dir.resolve("err");
  }

  private Process start(String how, List<String> command, Map<String, String> env)
      throws IOException {
    return start(how, command, env, out());
  }

  private Process start(String how, List<String> command, Map<String, String> env, Path stdout)
      throws IOException {
    if (how.equals("builder")) {
      return Spawn.builder(command, env, dir, stdout, err()).start();
    }
    boolean posix = Spawn.usesPosixSpawn(); // waits for the calls to be bound
    Process process = Spawn.start(command, env, dir, stdout, err());
    assertEquals(posix, !(process.getClass().getName().startsWith("java.lang.")), "started how");
    return process;
  }

  /** Runs {@code command} with {@code input} on its stdin; its stdout. */
  private String run(String how, String input, String... command) throws Exception {
    Process process = start(how, List.of(command), Map.of("PATH", "/usr/bin:/bin"));
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "it did not end");
    return Files.readString(out());
  }

  @Test
  void onLinuxAgentsStartThroughPosixSpawnUnlessSwitchedToTheJdk() {
    assumeTrue(LINUX);
    boolean switched = "jdk".equals(System.getenv(Spawn.SWITCH));
    assertEquals(!switched, Spawn.usesPosixSpawn(), Spawn.description());
    assertTrue(
        Spawn.description().startsWith(switched ? "ProcessBuilder (" : "posix_spawnp"),
        Spawn.description());
  }

  @Test
  void manyAgentsInFlightAreWaitedForByOneThreadNotOneEach() throws Exception {
    String arch = System.getProperty("os.arch");
    assumeTrue(LINUX && (arch.equals("amd64") || arch.equals("aarch64")));
    assumeTrue(Spawn.usesPosixSpawn());
    List<Process> running = new java.util.ArrayList<>();
    try {
      for (int k = 0; k < 40; k++) {
        running.add(start("native", List.of("sleep", "60"), Map.of("PATH", "/usr/bin:/bin")));
      }
      long waiters =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().startsWith("agent-reaper"))
              .count();
      assertEquals(1, waiters, "threads waiting for 40 agents");
    } finally {
      running.forEach(Process::destroyForcibly);
    }
    for (Process process : running) {
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "not reaped: " + process);
      assertEquals(128 + 9, process.exitValue());
      assertFalse(process.toHandle().isAlive());
    }
    // With none left, it waits in Java, not in a native call: the JVM's exit waits up to 300 ms
    // for a thread in a native call, and the last agent's end is when the harness exits.
    Thread reaper =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("agent-reaper"))
            .findFirst()
            .orElseThrow();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> reaper.getState() == Thread.State.WAITING);
  }

  @Test
  void hundredsOfShortAgentsStartedAtOnceAreEachSeenToEnd() throws Exception {
    // Descriptor numbers are reused as fast as processes end: each end must still reach its own
    // process, none lost and none reported twice.
    List<CompletableFuture<Integer>> codes = new java.util.ArrayList<>();
    var threads = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      for (int k = 0; k < 400; k++) {
        int code = k % 7;
        codes.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    Process process =
                        start("native", List.of("sh", "-c", "exit " + code), Map.of());
                    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "not seen to end");
                    return process.exitValue();
                  } catch (Exception e) {
                    throw new RuntimeException(e);
                  }
                },
                threads));
      }
      for (int k = 0; k < codes.size(); k++) {
        assertEquals(k % 7, codes.get(k).get(60, TimeUnit.SECONDS), "exit code of agent " + k);
      }
    } finally {
      threads.shutdownNow();
      assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "builder"})
  void theAgentGetsExactlyTheEnvironmentGivenAndRunsInItsDirectory(String how) throws Exception {
    Process process =
        start(how, List.of("env"), Map.of("PATH", "/usr/bin:/bin", "ONLY_THIS", "a b=c"));
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(
        new TreeSet<>(Set.of("PATH=/usr/bin:/bin", "ONLY_THIS=a b=c")),
        new TreeSet<>(Files.readAllLines(out())));
    assertEquals(dir.toRealPath() + "\n", run(how, "", "pwd", "-P"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "builder"})
  void stdinIsWhatWasWrittenEndedByTheClose(String how) throws Exception {
    assertEquals("a prompt\nof two lines", run(how, "a prompt\nof two lines", "cat"));
    String large = "x".repeat(1 << 20);
    Process process = start(how, List.of("wc", "-c"), Map.of("PATH", "/usr/bin:/bin"));
    CompletableFuture<Void> fed =
        CompletableFuture.runAsync(
            () -> {
              try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(large.getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    fed.get(30, TimeUnit.SECONDS);
    assertEquals(String.valueOf(1 << 20), Files.readString(out()).strip());
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "builder"})
  void stdoutReplacesTheFileAndStderrIsAppendedToIt(String how) throws Exception {
    Files.writeString(out(), "an earlier transcript, longer than the new one\n");
    Files.writeString(err(), "kept\n");
    assertEquals("new\n", run(how, "", "sh", "-c", "echo new; echo added >&2"));
    assertEquals("kept\nadded\n", Files.readString(err()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "builder"})
  void exitCodesAndSignalsReadAsTheJdkReportsThem(String how) throws Exception {
    Process exited = start(how, List.of("sh", "-c", "exit 7"), Map.of());
    assertTrue(exited.waitFor(30, TimeUnit.SECONDS));
    assertEquals(7, exited.exitValue());
    assertFalse(exited.isAlive());

    Process killed = start(how, List.of("sh", "-c", "kill -9 $$"), Map.of());
    assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
    assertEquals(128 + 9, killed.exitValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "builder"})
  void destroyEndsItAndItsEndIsSeen(String how) throws Exception {
    Process process = start(how, List.of("sleep", "60"), Map.of("PATH", "/usr/bin:/bin"));
    assertTrue(process.isAlive());
    assertThrows(IllegalThreadStateException.class, process::exitValue);
    assertFalse(process.waitFor(50, TimeUnit.MILLISECONDS));
    assertEquals(process.pid(), process.toHandle().pid());
    assertTrue(process.toHandle().isAlive());
    CompletableFuture<Process> ended = process.onExit();
    process.destroy();
    assertEquals(process, ended.get(30, TimeUnit.SECONDS));
    assertEquals(128 + 15, process.exitValue());
    process.destroyForcibly(); // after the end: nothing to signal, no error
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "builder"})
  void theAgentHoldsNoDescriptorOfTheJvmAndBlocksNoSignal(String how) throws Exception {
    assumeTrue(LINUX);
    try (FileChannel held =
        FileChannel.open(
            dir.resolve("held"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      // ls opens the directory it lists as 3; the agent itself has 0, 1 and 2 only.
      String fds = run(how, "", "sh", "-c", "ls /proc/self/fd; grep SigBlk /proc/self/status");
      List<String> lines = fds.lines().toList();
      assertEquals(List.of("0", "1", "2", "3"), lines.subList(0, lines.size() - 1), fds);
      assertTrue(lines.getLast().matches("SigBlk:\\s+0+"), lines.getLast());
      assertTrue(held.isOpen());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "builder"})
  void writingToAnAgentThatStoppedReadingIsAnIoExceptionNotTheHarnessesEnd(String how)
      throws Exception {
    // It closes its stdin and stays: the write meets a pipe without a reader (EPIPE), not a stream
    // the JDK closed because the process had exited ("Stream closed").
    Process process =
        start(
            how,
            List.of("sh", "-c", "exec 0<&-; echo closed; sleep 30"),
            Map.of("PATH", "/usr/bin:/bin"));
    try {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() -> Files.readString(out()).contains("closed"));
      OutputStream stdin = process.getOutputStream();
      // More than a pipe holds, so the write cannot land in its buffer unread.
      IOException e = assertThrows(IOException.class, () -> stdin.write(new byte[1 << 20]));
      assertEquals("Broken pipe", e.getMessage());
      assertTrue(process.isAlive(), "the harness's write did not end it");
    } finally {
      process.destroyForcibly();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "builder"})
  void aMissingProgramIsAnIoExceptionNamingIt(String how) {
    IOException e =
        assertThrows(
            IOException.class,
            () -> start(how, List.of("no-such-agent-cli"), Map.of("PATH", "/usr/bin:/bin")));
    assertTrue(
        e.getMessage().startsWith("Cannot run program \"no-such-agent-cli\""), e.getMessage());
    assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "builder"})
  void anUnwritableTranscriptIsAnIoException(String how) {
    Path missing = dir.resolve("no-such-dir").resolve("out");
    assertThrows(IOException.class, () -> start(how, List.of("true"), Map.of(), missing));
    assertTrue(Arrays.stream(dir.toFile().list()).noneMatch(n -> n.equals("no-such-dir")));
  }
}
