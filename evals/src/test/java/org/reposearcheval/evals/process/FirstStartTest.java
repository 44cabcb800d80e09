package org.reposearcheval.evals.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way agents start is the same from the first agent to the last: the first start, made the
 * moment a fresh JVM begins (before the calls could be bound), already goes the way every later one
 * goes. Run in a JVM of its own, since this one bound the calls long ago.
 */
class FirstStartTest {
  @TempDir Path dir;

  @Test
  void theFirstAgentStartsTheWayTheLastDoes() throws Exception {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"));
    Path said = dir.resolve("said");
    Process child =
        ChildJvm.running(
                Starter.class, List.of("--enable-native-access=ALL-UNNAMED"), dir.toString())
            .redirectOutput(said.toFile())
            .start();
    try {
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
    } finally {
      child.destroyForcibly();
    }
    assertEquals(0, child.exitValue());
    List<String> ways = Files.readAllLines(said);
    boolean switched = "jdk".equals(System.getenv(Spawn.SWITCH));
    String expected = switched ? "jdk" : "posix_spawnp";
    assertEquals(List.of(expected, expected), ways, "first start, then a start after binding");
  }

  /**
   * Starts {@code /bin/true} at once, then again once the way is known; prints each start's way.
   */
  static final class Starter {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      Map<String, String> env = Map.of("PATH", "/usr/bin:/bin");
      Process first = Spawn.start(List.of("true"), env, dir, dir.resolve("o1"), dir.resolve("e1"));
      first.waitFor(30, TimeUnit.SECONDS);
      Spawn.description();
      Process later = Spawn.start(List.of("true"), env, dir, dir.resolve("o2"), dir.resolve("e2"));
      later.waitFor(30, TimeUnit.SECONDS);
      for (Process p : List.of(first, later)) {
        System.out.println(p instanceof SpawnedProcess ? "posix_spawnp" : "jdk");
      }
    }
  }
}
