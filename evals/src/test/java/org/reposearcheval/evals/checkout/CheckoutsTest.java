package org.reposearcheval.evals.checkout;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.GitRepos;

/**
 * The clone cache shared by harness processes, and checkouts that never outlive their harness: not
 * when it is interrupted mid-checkout, not when it was killed (the next one removes them).
 */
class CheckoutsTest {
  @TempDir Path dir;

  Path repo;
  String commit;
  Path log;
  Map<String, String> env;

  /** A repository, and a git on PATH that logs clones (slowly) and can hang in a checkout. */
  @BeforeEach
  void repositoryAndAWatchedGit() throws IOException {
    repo = GitRepos.init(dir.resolve("repo"));
    commit = GitRepos.commit(repo, Map.of("a.txt", "a", "b/c.txt", "c"), "one");
    String realGit = which("git");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    log = dir.resolve("git.log");
    Path wrapper = bin.resolve("git");
    Files.writeString(
        wrapper,
        """
        #!/usr/bin/env bash
        for a in "$@"; do
          if [[ "$a" == clone ]]; then echo "clone $$" >> "$WRAP_LOG"; sleep 1; break; fi
          if [[ "$a" == checkout && -n "${HANG_CHECKOUT:-}" ]]; then
            printf '%%s\\n' "$@" > "$WRAP_LOG.args"; echo $$ > "$WRAP_LOG.pid"; exec sleep 600
          fi
        done
        exec %s "$@"
        """
            .formatted(realGit));
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    env = new HashMap<>(System.getenv());
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("WRAP_LOG", log.toString());
  }

  private static String which(String name) {
    for (String d : System.getenv("PATH").split(":")) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(name + " not on PATH");
  }

  @Test
  void twoHarnessProcessesSharingTheCacheCloneOnceAndBothResolve() throws Exception {
    Path cache = dir.resolve("cache");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  CacheUser.class.getName(),
                  cache.toString(),
                  repo.toString(),
                  commit.substring(0, 10))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("harness-" + i + ".out").toFile());
      builder.environment().putAll(env);
      processes.add(builder.start());
    }
    List<String> outputs = new ArrayList<>();
    for (int i = 0; i < processes.size(); i++) {
      Process process = processes.get(i);
      assertTrue(process.waitFor(2, TimeUnit.MINUTES), "a harness hung");
      String out = Files.readString(dir.resolve("harness-" + i + ".out"));
      assertEquals(0, process.exitValue(), out);
      outputs.add(out.strip());
    }

    assertEquals(List.of(commit, commit), outputs);
    assertEquals(1, Files.readAllLines(log).size(), "one clone for two harnesses");
    try (Stream<Path> entries = Files.list(cache)) {
      assertEquals(
          List.of(),
          entries.filter(p -> p.getFileName().toString().contains(".partial-")).toList(),
          "no half-made clone is left");
    }
  }

  @Test
  void interruptedMidCheckoutLeavesNoCheckoutNoTempDirAndNoGit() throws Exception {
    RepoCache cache = new RepoCache(dir.resolve("cache"), env);
    cache.resolve(repo.toString(), commit);
    env.put("HANG_CHECKOUT", "1");
    RepoCache hanging = new RepoCache(dir.resolve("cache"), env);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread harness =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Checkouts.make(
                        hanging,
                        List.of(new Checkouts.Tree(repo.toString(), commit, false, List.of())),
                        2,
                        Checkouts.Progress.NONE);
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    Path pidFile = Path.of(log + ".pid");
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile));
    long gitPid = Long.parseLong(Files.readString(pidFile).strip());
    Path workTree =
        Path.of(
            Files.readAllLines(Path.of(log + ".args")).stream()
                .filter(a -> a.startsWith("--work-tree="))
                .findFirst()
                .orElseThrow()
                .substring("--work-tree=".length()));
    Path root = workTree.getParent();
    assertTrue(Files.isDirectory(workTree), "the checkout is being made: " + workTree);
    assertTrue(Files.exists(root.resolve(Checkouts.OWNER)), "its owner is marked");
    assertTrue(ProcessHandle.of(gitPid).map(ProcessHandle::isAlive).orElse(false));

    harness.interrupt();

    assertTrue(harness.join(Duration.ofSeconds(30)), "the harness stopped");
    assertInstanceOf(InterruptedException.class, thrown.get());
    assertFalse(Files.exists(root), root + " is left behind");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(gitPid).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void theNextHarnessRemovesTheCheckoutsOfOneThatIsGoneAndKeepsALivingOnes() throws Exception {
    Path temp = Files.createDirectories(dir.resolve("tmp"));
    Path dead = Files.createDirectories(temp.resolve(Checkouts.PREFIX + "dead/tree-1"));
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor(10, TimeUnit.SECONDS);
    Files.writeString(dead.getParent().resolve(Checkouts.OWNER), exited.pid() + " \n");
    Path alive = Files.createDirectories(temp.resolve(Checkouts.PREFIX + "alive/tree-1"));
    ProcessHandle self = ProcessHandle.current();
    Files.writeString(
        alive.getParent().resolve(Checkouts.OWNER),
        self.pid() + " " + self.info().startInstant().orElseThrow() + "\n");
    Path reused = Files.createDirectories(temp.resolve(Checkouts.PREFIX + "reused/tree-1"));
    Files.writeString(
        reused.getParent().resolve(Checkouts.OWNER), self.pid() + " 2000-01-01T00:00:00Z\n");

    Checkouts.removeAbandoned(temp);

    assertFalse(Files.exists(dead.getParent()), "the dead harness's checkouts are removed");
    assertFalse(Files.exists(reused.getParent()), "a pid taken by another process is no owner");
    assertTrue(Files.exists(alive), "a living harness's checkouts are kept");
  }

  @Test
  void aChangedTreeIsReportedAndMadeAgainOnceNoRunUsesIt() throws Exception {
    RepoCache cache = new RepoCache(dir.resolve("cache"), env);
    cache.resolve(repo.toString(), commit);
    Checkouts.Tree tree = new Checkouts.Tree(repo.toString(), commit, false, List.of("b"));
    try (Checkouts checkouts = Checkouts.make(cache, List.of(tree), 1, Checkouts.Progress.NONE)) {
      Checkout checkout = checkouts.get(tree);
      assertFalse(Files.exists(checkout.dir().resolve("b")), "hidden paths are not checked out");
      assertFalse(Files.exists(checkout.dir().resolve(".git")), "no history unless asked");

      Checkout.Lease first = checkout.lease();
      Checkout.Lease beside = checkout.lease();
      Files.writeString(checkout.dir().resolve("a.txt"), "changed");
      Files.writeString(checkout.dir().resolve("new.txt"), "new");

      assertEquals(List.of("a.txt", "new.txt"), first.changed());
      assertEquals("changed", Files.readString(checkout.dir().resolve("a.txt")), "in use");
      assertEquals(List.of("a.txt", "new.txt"), beside.changed());
      assertEquals("a", Files.readString(checkout.dir().resolve("a.txt")));
      assertFalse(Files.exists(checkout.dir().resolve("new.txt")));
      assertEquals(1, checkout.restorations());
      Checkout.Lease next = checkout.lease();
      assertEquals(List.of(), next.changed());
    }
  }
}
